using Casd.Card.Iso7816;
using Casd.Card.Simulator;
using Casd.Card.Simulator.Nvm;
using Casd.Card.Simulator.Transport;

namespace Casd.Card.Cli.CardSources;

/// <summary>
/// The embedded simulator: a card in memory, or in a state file that survives the process. The
/// card enforces the access rules and holds the development keys of its serial
/// (<see cref="DevelopmentCardKeys"/>), which are derived again on every run, not stored.
/// </summary>
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
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CardDataFormatException or NvmStorageKeyException)
            {
                throw new CardSourceException($"cannot use the simulator state file '{_stateFile}': {ex.Message}", ex);
            }

            try
            {
                _reader.Insert(DevelopmentCardKeys.OpenCard(store));
            }
            catch (CardDataFormatException ex)
            {
                throw new CardSourceException($"cannot use the simulator state file '{_stateFile}': {ex.Message}", ex);
            }
        }

        return await SelectAsync(await _reader.ConnectAsync(cancellationToken), cancellationToken);
    }
}
