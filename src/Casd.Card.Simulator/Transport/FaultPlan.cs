namespace Casd.Card.Simulator.Transport;

/// <summary>
/// Misbehaviour to inject on a link to a simulated card (in-process or vpcd). APDU indexes are
/// 1-based and count every command the link carries, including GET RESPONSE.
/// </summary>
public sealed class FaultPlan
{
    private int _apduCount;

    /// <summary>Gets or sets the delay added to every APDU.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Gets or sets after how many APDUs the link drops: APDU N+1 and later fail until a new connection.</summary>
    public int? DropLinkAfter { get; set; }

    /// <summary>Gets or sets the APDU whose response is corrupted.</summary>
    public int? CorruptResponseAt { get; set; }

    /// <summary>Gets or sets the offset of the corrupted response byte; negative counts from the end (-1 is SW2).</summary>
    public int CorruptOffset { get; set; }

    /// <summary>Gets or sets the XOR mask applied to the corrupted byte.</summary>
    public byte CorruptMask { get; set; } = 0xFF;

    /// <summary>Gets or sets the APDU during which the card is pulled out: the card processes it, the response is lost.</summary>
    public int? RemoveCardAt { get; set; }

    /// <summary>
    /// Gets or sets, with <see cref="RemoveCardAt"/>, after how many NVM writes of that command the
    /// power goes; when <see langword="null"/> the command completes on the card before the removal.
    /// </summary>
    public int? RemoveAfterNvmWrites { get; set; }

    /// <summary>Gets the number of APDUs counted so far.</summary>
    public int ApduCount => Volatile.Read(ref _apduCount);

    /// <summary>Gets whether the link has dropped.</summary>
    public bool IsLinkDropped => DropLinkAfter is { } n && ApduCount > n;

    /// <summary>Starts counting again from zero (a new link).</summary>
    public void ResetCount() => Interlocked.Exchange(ref _apduCount, 0);

    internal int Next() => Interlocked.Increment(ref _apduCount);

    internal void Corrupt(int index, Span<byte> response)
    {
        if (CorruptResponseAt != index || response.Length == 0)
        {
            return;
        }

        var offset = CorruptOffset < 0 ? response.Length + CorruptOffset : CorruptOffset;
        if (offset >= 0 && offset < response.Length)
        {
            response[offset] ^= CorruptMask;
        }
    }
}
