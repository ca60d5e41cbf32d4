using Casd.Card.Iso7816;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Casd.Card.SecureChannel;

/// <summary>
/// An open GlobalPlatform secure channel (SCP03 or SCP11b) as a stage of the APDU pipeline: it
/// wraps each plain command (encrypt, MAC), passes it down (where chaining and GET RESPONSE
/// happen) and verifies and decrypts the response on its way up. Open one with
/// <see cref="Scp03.OpenAsync(IApduTransmitter, Scp03StaticKeys, Scp03Options?, ILogger?, CancellationToken)"/>
/// or <see cref="Scp11b.OpenAsync"/>.
/// </summary>
/// <remarks>
/// A channel that fails once (a response that does not verify, a card that reports a secure
/// messaging error, a cancelled exchange) is closed for good and its keys are zeroed: the MAC
/// chain can no longer be trusted. <see cref="Dispose"/> zeroes the session keys. Commands are
/// sent one at a time: the MAC chain orders them.
/// </remarks>
public sealed class ScpChannel : ApduProcessor, IDisposable
{
    private readonly SecureMessagingSession _session;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _closed;

    internal ScpChannel(IApduTransmitter next, SecureMessagingSession session, SecureChannelProtocol protocol, byte keyVersion, ScpMode mode, ILogger? logger)
        : base(next)
    {
        _session = session;
        Protocol = protocol;
        KeyVersion = keyVersion;
        Mode = mode;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Gets the protocol of the channel.</summary>
    public SecureChannelProtocol Protocol { get; }

    /// <summary>Gets the security level every command and response is protected with.</summary>
    public SecurityLevel SecurityLevel => _session.Level;

    /// <summary>Gets the key version number of the card keys the channel was opened with.</summary>
    public byte KeyVersion { get; }

    /// <summary>Gets the mode: S8 (8-byte MACs) or S16 (16-byte MACs).</summary>
    public ScpMode Mode { get; }

    /// <summary>Gets whether the channel can still be used.</summary>
    public bool IsOpen => !_closed;

    /// <summary>Wraps a command, sends it and returns the verified, decrypted response.</summary>
    /// <param name="command">The plain command (logical channel 0 to 3, unchained).</param>
    /// <param name="cancellationToken">Cancels the exchange; cancelling mid-exchange closes the channel.</param>
    /// <returns>The plain response. Error status words (other than '9000', '62XX', '63XX') come without data.</returns>
    /// <exception cref="SecureChannelException">The channel is closed, the response fails verification, or the card reports a secure messaging error ('6988'); the channel is closed.</exception>
    public override async ValueTask<ResponseApdu> TransmitAsync(CommandApdu command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_closed)
            {
                throw new SecureChannelException("The secure channel is closed; open a new one.");
            }

            var wrapped = _session.Wrap(command);
            var completed = false;
            try
            {
                var response = await Next.TransmitAsync(wrapped, cancellationToken).ConfigureAwait(false);
                if (response.StatusWord.Value == 0x6988)
                {
                    throw new SecureChannelException($"The card refused the protected command {command} with {response.StatusWord} and closed the secure channel.");
                }

                var plain = _session.Unwrap(response);
                completed = true;
                return plain;
            }
            catch (SecureChannelException exception)
            {
                SecureChannelLog.Closed(_logger, Protocol, command.Ins, exception.Message);
                throw;
            }
            finally
            {
                if (!completed)
                {
                    Close();
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Closes the channel and zeroes its keys; the card side forgets it at the next reset or SELECT.</summary>
    public void Dispose()
    {
        Close();
        _gate.Dispose();
    }

    private void Close()
    {
        _closed = true;
        _session.Dispose();
    }
}
