using System.Security.Cryptography;
using Casd.Card.Interface;
using Casd.Card.Iso7816;
using Casd.Card.Simulator.Nvm;

namespace Casd.Card.Simulator.Application;

/// <summary>
/// The CASD application's records in NVM (<see cref="NvmLayout"/>) and the volatile copies the card
/// keeps of two of them, the lifecycle state and the key pair, reloaded at every power-up. Every
/// change still goes through one <see cref="NvmTransaction"/> per command (decision 0020).
/// </summary>
internal sealed class AppletRecords
{
    private readonly NonVolatileMemory _nvm;
    private int _powerUps;

    public AppletRecords(NonVolatileMemory nvm)
    {
        _nvm = nvm;
    }

    /// <summary>Gets the memory, for the parts of the card that read it themselves (the security domain, the statement encoder).</summary>
    public NonVolatileMemory Memory => _nvm;

    /// <summary>Gets the lifecycle state (the copy of <see cref="NvmLayout.Lifecycle"/>).</summary>
    public CardLifecycleState Lifecycle { get; private set; }

    /// <summary>Gets the card key pair (the copy of <see cref="NvmLayout.CardKey"/>), or <see langword="null"/> before GENERATE ASYMMETRIC KEY PAIR.</summary>
    public ECDsa? Key { get; private set; }

    /// <summary>
    /// Gets a value that changes whenever the records may have: at every NVM write and every
    /// power-up. An object the card caches (the FCI, the biometric status) holds while it is equal.
    /// </summary>
    public (long Writes, int PowerUps) Stamp => (_nvm.WriteCount, _powerUps);

    /// <summary>Writes the factory state into empty NVM: the serial and the personalisation state.</summary>
    /// <param name="nvm">The card's memory.</param>
    /// <param name="serial">The 8-byte serial.</param>
    public static void Manufacture(NonVolatileMemory nvm, ReadOnlySpan<byte> serial) =>
        nvm.Begin().Set(NvmLayout.Serial, serial.ToArray()).Set(NvmLayout.Lifecycle, [(byte)CardLifecycleState.Personalisation]).Commit();

    /// <summary>Gets whether the memory was manufactured (holds a lifecycle state).</summary>
    /// <param name="store">The card's memory.</param>
    /// <returns><see langword="true"/> when manufactured.</returns>
    public static bool IsManufactured(INvmStore store) => store.Read(NvmLayout.Lifecycle) is not null;

    /// <summary>Reloads the volatile copies after power-up.</summary>
    /// <exception cref="CardDataFormatException">The memory was never manufactured.</exception>
    public void Load()
    {
        _powerUps++;
        ReplaceKey(null);
        var lcs = _nvm.Read(NvmLayout.Lifecycle) ?? throw new CardDataFormatException("The card's NVM holds no lifecycle state; it was never manufactured.");
        if (lcs.Length != 1 || !Enum.IsDefined((CardLifecycleState)lcs[0]))
        {
            // A state file is outside data too (docs/reliability.md): a corrupt cell is a typed refusal.
            throw new CardDataFormatException("The card's NVM holds a malformed lifecycle state.");
        }

        Lifecycle = (CardLifecycleState)lcs[0];
        var key = _nvm.Read(NvmLayout.CardKey);
        if (key is not null)
        {
            try
            {
                Key = CardKeyCell.Import(key);
            }
            catch (Exception exception) when (exception is CryptographicException or ArgumentException)
            {
                throw new CardDataFormatException("The card's NVM holds a malformed key pair.", exception);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(key);
            }
        }
    }

    /// <summary>Reads a cell.</summary>
    /// <param name="cell">The cell (<see cref="NvmLayout"/>).</param>
    /// <returns>A copy of its value, or <see langword="null"/> when absent.</returns>
    public byte[]? Read(string cell) => _nvm.Read(cell);

    /// <summary>Gets whether a cell exists, without reading (and copying) its value.</summary>
    /// <param name="cell">The cell (<see cref="NvmLayout"/>).</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool Contains(string cell) => _nvm.Store.CellNames.Contains(cell);

    /// <summary>Starts the command's transaction.</summary>
    /// <returns>The transaction.</returns>
    public NvmTransaction Begin() => _nvm.Begin();

    /// <summary>Records the new lifecycle state after the transaction that wrote it committed.</summary>
    /// <param name="state">The state now in NVM.</param>
    public void Committed(CardLifecycleState state) => Lifecycle = state;

    /// <summary>Replaces the key pair's volatile copy after the transaction that wrote (or removed) it committed.</summary>
    /// <param name="key">The new key, or <see langword="null"/> when it was removed.</param>
    public void ReplaceKey(ECDsa? key)
    {
        Key?.Dispose();
        Key = key;
    }
}
