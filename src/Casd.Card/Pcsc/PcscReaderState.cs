namespace Casd.Card.Pcsc;

/// <summary>
/// One entry of an SCardGetStatusChange call in a platform-neutral form: the platform layer
/// copies it into the native SCARD_READERSTATE layout and the results back.
/// </summary>
internal sealed class PcscReaderState
{
    /// <summary>The name of the PnP pseudo-reader that reports readers coming and going.</summary>
    public const string PnpNotification = @"\\?PnP?\Notification";

    public PcscReaderState(string readerName, uint currentState)
    {
        ReaderName = readerName;
        CurrentState = currentState;
    }

    public string ReaderName { get; }

    public uint CurrentState { get; set; }

    public uint EventState { get; set; }

    public byte[] Atr { get; set; } = [];

    public bool IsCardPresent => IsPresent(EventState);

    public static bool IsPresent(uint state) =>
        (state & (uint)PcscReaderStateFlags.Present) != 0 && (state & (uint)PcscReaderStateFlags.Mute) == 0;
}
