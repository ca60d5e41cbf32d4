using Casd.Card.Iso7816;

namespace Casd.Card;

/// <summary>
/// No secure messaging, for diagnostics and tests only: the "channel" is the plain transmitter and
/// protects nothing (<see cref="CardChannelProtection.None"/>). The workflows refuse to send a
/// template, a probe or a key request over it (<see cref="CardChannelSecurityException"/>), and a
/// card that enforces its access rules refuses everything but public reads; it is never the
/// default (docs/decisions/0074-secure-by-default.md).
/// </summary>
public sealed class UnprotectedChannelFactory : ICardChannelFactory
{
    /// <summary>Gets the shared instance.</summary>
    public static UnprotectedChannelFactory Instance { get; } = new();

    /// <inheritdoc/>
    public ValueTask<ICardChannel> OpenAsync(IApduTransmitter plain, CardChannelRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plain);
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult<ICardChannel>(new UnprotectedCardChannel(plain));
    }

    private sealed class UnprotectedCardChannel(IApduTransmitter plain) : ICardChannel
    {
        public CardChannelProtection Protection => CardChannelProtection.None;

        public string Description => "unprotected (no secure messaging)";

        public ValueTask<ResponseApdu> TransmitAsync(CommandApdu command, CancellationToken cancellationToken = default) => plain.TransmitAsync(command, cancellationToken);

        public void Dispose()
        {
        }
    }
}
