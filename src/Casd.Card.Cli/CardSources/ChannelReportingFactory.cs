using System.Globalization;
using Casd.Card.Iso7816;

namespace Casd.Card.Cli.CardSources;

/// <summary>Passes channel requests to the real factory and tells the command which protocol and level were actually opened.</summary>
internal sealed class ChannelReportingFactory : ICardChannelFactory
{
    private readonly ICardChannelFactory _inner;
    private readonly Action<string> _report;

    public ChannelReportingFactory(ICardChannelFactory inner, Action<string> report)
    {
        _inner = inner;
        _report = report;
    }

    public async ValueTask<IApduTransmitter> OpenAsync(IApduTransmitter plain, CardChannelRequest request, CancellationToken cancellationToken = default)
    {
        var channel = await _inner.OpenAsync(plain, request, cancellationToken);
        _report(channel is SecureChannel.SecureChannel secure
            ? string.Create(CultureInfo.InvariantCulture, $"{(secure.Protocol == SecureChannel.SecureChannelProtocol.Scp03 ? "SCP03" : "SCP11b")} at security level {(byte)secure.SecurityLevel:X2} ({Describe(secure.SecurityLevel)}), key version {secure.KeyVersion:X2}")
            : "plain (no secure messaging)");
        return channel;
    }

    internal static string Describe(SecureChannel.SecurityLevel level)
    {
        var parts = new List<string>();
        if (level.HasFlag(SecureChannel.SecurityLevel.CommandEncryption))
        {
            parts.Add("C-DECRYPTION");
        }

        if (level.HasFlag(SecureChannel.SecurityLevel.CommandMac))
        {
            parts.Add("C-MAC");
        }

        if (level.HasFlag(SecureChannel.SecurityLevel.ResponseMac))
        {
            parts.Add("R-MAC");
        }

        if (level.HasFlag(SecureChannel.SecurityLevel.ResponseEncryption))
        {
            parts.Add("R-ENCRYPTION");
        }

        return string.Join(" + ", parts);
    }
}
