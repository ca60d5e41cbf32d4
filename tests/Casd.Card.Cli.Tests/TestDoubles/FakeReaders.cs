using Casd.Card.Cli.CardSources;
using Casd.Card.Simulator.Nvm;
using Casd.Card.Simulator.Transport;
using Casd.Card.Transport;

namespace Casd.Card.Cli.Tests.TestDoubles;

/// <summary>
/// A PC/SC reader provider with one reader, "Fake Reader 0": by default a simulated card with the tool's
/// development keys sits in it. Every connection it hands out is tracked, to check who closes it.
/// </summary>
internal sealed class FakeReaders : ICardReaderProvider
{
    public const string ReaderName = "Fake Reader 0";

    private readonly Func<CancellationToken, ValueTask<ICardConnection>> _connect;

    public FakeReaders(Func<ICardConnection>? connect = null)
    {
        if (connect is not null)
        {
            _connect = _ => ValueTask.FromResult(connect());
            return;
        }

        var reader = new SimulatedCardReader(ReaderName);
        reader.Insert(DevelopmentCardKeys.OpenCard(new MemoryNvmStore()));
        _connect = reader.ConnectAsync;
    }

    public List<TrackingConnection> Connections { get; } = [];

    public ValueTask<IReadOnlyList<CardReaderInfo>> ListReadersAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<CardReaderInfo>>([new CardReaderInfo(ReaderName, true, new byte[] { 0x3B, 0x00 })]);

    public async ValueTask<ICardConnection> ConnectAsync(string readerName, CardShareMode shareMode = CardShareMode.Shared, CancellationToken cancellationToken = default)
    {
        if (readerName != ReaderName)
        {
            throw new CardReaderNotFoundException($"No reader named '{readerName}'.");
        }

        var connection = new TrackingConnection(await _connect(cancellationToken));
        Connections.Add(connection);
        return connection;
    }
}
