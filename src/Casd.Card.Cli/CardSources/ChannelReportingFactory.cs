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

    public async ValueTask<ICardChannel> OpenAsync(IApduTransmitter plain, CardChannelRequest request, CancellationToken cancellationToken = default)
    {
        var channel = await _inner.OpenAsync(plain, request, cancellationToken);
        _report(channel.Description);
        return channel;
    }
}
