using Casd.Card.Iso7816;
using Casd.Card.Simulator;
using Casd.Card.Simulator.Nvm;
using Casd.Card.Simulator.Transport;

namespace Casd.Card.Cli.CardSources;

/// <summary>The embedded simulator: a card in memory, or in a state file that survives the process.</summary>
internal sealed class SimulatorCardSource : CardSource
{
    private readonly string? _stateFile;
    private readonly SimulatedCardReader _reader = new("casd-card embedded simulator");

    public SimulatorCardSource(string? stateFile)
    {
        _stateFile = stateFile;
    }

    public override string Description => _stateFile is null ? "embedded simulator (in memory)" : $"embedded simulator ({_stateFile})";

    public SimulatedCard? Card => _reader.Card;

    public string? StateFile => _stateFile;

    public override async Task<CasdCard> OpenAsync(CancellationToken cancellationToken)
    {
        if (_reader.Card is null)
        {
            INvmStore store;
            try
            {
                store = _stateFile is null ? new MemoryNvmStore() : new FileNvmStore(_stateFile);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CardDataFormatException)
            {
                throw new CardSourceException($"cannot use the simulator state file '{_stateFile}': {ex.Message}", ex);
            }

            _reader.Insert(new SimulatedCard(store));
        }

        var connection = await _reader.ConnectAsync(cancellationToken);
        return await CasdCard.OpenAsync(connection, new CasdCardOptions { ChannelFactory = new SimulatorChannelFactory(() => _reader.Card) }, cancellationToken);
    }
}
