using System.Runtime.InteropServices;
using Casd.Card.Pcsc;
using Casd.Card.Pcsc.Native;

namespace Casd.Card.Tests.Pcsc;

/// <summary>
/// A scripted platform for <see cref="PcscApi{TCalls, TChar, TReaderState}"/>: UTF-8 strings, the
/// pcsc-lite reader state (its accessors are the real <see cref="LinuxPcscCalls"/> ones) and a
/// Windows-like raw protocol bit, so a test sees that the shared code asks the platform for it.
/// Static state: only <see cref="PcscApiTests"/> uses it, and a test class runs its tests one at a time.
/// </summary>
internal readonly unsafe struct FakePcscCalls : IPcscNativeCalls<byte, LinuxScardReaderState>
{
    public const uint Raw = 0x10000;

    /// <summary>Gets or sets what the reader list holds at each successive SCardListReaders call (the last one repeats).</summary>
    public static IReadOnlyList<string> ListSnapshots { get; set; } = [];

    public static int ListCalls { get; set; }

    public static uint Rc { get; set; }

    public static string StatusNames { get; set; } = string.Empty;

    public static uint StatusState { get; set; }

    public static uint NativeProtocol { get; set; }

    public static ReadOnlyMemory<byte> Atr { get; set; }

    public static uint ReportedLength { get; set; }

    public static ReadOnlyMemory<byte> Reply { get; set; }

    public static uint LastProtocol { get; set; }

    public static byte[] LastSent { get; set; } = [];

    public static string? LastReaderName { get; set; }

    public static List<(string Name, uint CurrentState)> SeenStates { get; } = [];

    public static uint LastTimeout { get; set; }

    public static string Description => "fake";

    public static uint RawProtocol => Raw;

    public static void Reset()
    {
        ListSnapshots = [];
        ListCalls = 0;
        Rc = 0;
        StatusNames = string.Empty;
        StatusState = 0;
        NativeProtocol = 0;
        Atr = default;
        ReportedLength = 0;
        Reply = default;
        LastProtocol = 0;
        LastSent = [];
        LastReaderName = null;
        SeenStates.Clear();
        LastTimeout = 0;
    }

    public static uint EstablishContext(nint* context)
    {
        *context = 5;
        return Rc;
    }

    public static uint ReleaseContext(nint context) => Rc;

    public static uint Cancel(nint context) => Rc;

    public static uint ListReaders(nint context, byte* readers, uint* length)
    {
        var snapshot = System.Text.Encoding.UTF8.GetBytes(ListSnapshots[Math.Min(ListCalls++, ListSnapshots.Count - 1)]);
        if (snapshot.Length == 0)
        {
            return (uint)PcscErrorCode.NoReadersAvailable;
        }

        var capacity = *length;
        *length = (uint)snapshot.Length;
        if (readers is null)
        {
            return 0;
        }

        if (capacity < snapshot.Length)
        {
            return (uint)PcscErrorCode.InsufficientBuffer;
        }

        snapshot.CopyTo(new Span<byte>(readers, snapshot.Length));
        return 0;
    }

    public static IReadOnlyList<string> SplitNames(ReadOnlySpan<byte> multi) => PcscStrings.SplitUtf8(multi);

    public static uint Connect(nint context, string readerName, uint shareMode, uint preferredProtocols, nint* card, uint* activeProtocol)
    {
        LastReaderName = readerName;
        LastProtocol = preferredProtocols;
        *card = 7;
        *activeProtocol = NativeProtocol;
        return Rc;
    }

    public static uint Reconnect(nint card, uint shareMode, uint preferredProtocols, uint initialization, uint* activeProtocol)
    {
        LastProtocol = preferredProtocols;
        *activeProtocol = NativeProtocol;
        return Rc;
    }

    public static uint Disconnect(nint card, uint disposition) => Rc;

    public static uint BeginTransaction(nint card) => Rc;

    public static uint EndTransaction(nint card, uint disposition) => Rc;

    public static uint Status(nint card, byte* readerNames, uint* readerNamesLength, uint* state, uint* protocol, byte* atr, uint* atrLength)
    {
        var names = System.Text.Encoding.UTF8.GetBytes(StatusNames);
        names.CopyTo(new Span<byte>(readerNames, (int)*readerNamesLength));
        Atr.Span.CopyTo(new Span<byte>(atr, (int)*atrLength));
        *readerNamesLength = (uint)names.Length;
        *atrLength = ReportedLength;
        *state = StatusState;
        *protocol = NativeProtocol;
        return Rc;
    }

    public static bool IsPresent(uint state) => LinuxPcscCalls.IsPresent(state);

    public static uint Transmit(nint card, uint protocol, byte* send, uint sendLength, byte* receive, uint* receiveLength)
    {
        LastProtocol = protocol;
        LastSent = new ReadOnlySpan<byte>(send, (int)sendLength).ToArray();
        Reply.Span.CopyTo(new Span<byte>(receive, (int)*receiveLength));
        *receiveLength = ReportedLength;
        return Rc;
    }

    public static nint AllocReaderName(string readerName) => Marshal.StringToCoTaskMemUTF8(readerName);

    public static void SetReaderState(LinuxScardReaderState* state, nint readerName, uint currentState) =>
        LinuxPcscCalls.SetReaderState(state, readerName, currentState);

    public static uint GetEventState(LinuxScardReaderState* state) => LinuxPcscCalls.GetEventState(state);

    public static ReadOnlySpan<byte> GetAtr(LinuxScardReaderState* state) => LinuxPcscCalls.GetAtr(state);

    public static uint GetStatusChange(nint context, uint timeout, LinuxScardReaderState* states, uint count)
    {
        LastTimeout = timeout;
        for (var i = 0; i < count; i++)
        {
            SeenStates.Add((Marshal.PtrToStringUTF8(states[i].Reader)!, (uint)states[i].CurrentState));
            states[i].EventState = states[i].CurrentState | 0x20; // PRESENT
            states[i].AtrLength = ReportedLength;
            Atr.Span.CopyTo(new Span<byte>(states[i].Atr, LinuxScardReaderState.AtrCapacity));
        }

        return Rc;
    }
}
