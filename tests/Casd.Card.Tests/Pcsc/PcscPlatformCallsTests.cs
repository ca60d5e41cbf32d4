using Casd.Card.Pcsc.Native;

namespace Casd.Card.Tests.Pcsc;

/// <summary>
/// The parts of each platform's calls that need no library: reader-state access on that
/// platform's layout, ATR clamping to its buffer, and how it reads the SCardStatus state word.
/// Windows and macOS code cannot be called here, but these run on every OS.
/// </summary>
public sealed unsafe class PcscPlatformCallsTests
{
    [Fact]
    public void Linux_reader_state_round_trips_and_clamps_the_atr_to_33_bytes()
    {
        var state = new LinuxScardReaderState { EventState = 0x0003_0022, AtrLength = 40 };
        LinuxPcscCalls.SetReaderState(&state, 0x1234, 0x10);

        Assert.Equal((nint)0x1234, state.Reader);
        Assert.Equal((nuint)0x10, state.CurrentState);
        Assert.Equal(0x0003_0022u, LinuxPcscCalls.GetEventState(&state)); // the event counter (bits 16-31) survives
        Assert.Equal(LinuxScardReaderState.AtrCapacity, LinuxPcscCalls.GetAtr(&state).Length);
        state.AtrLength = 5;
        Assert.Equal(5, LinuxPcscCalls.GetAtr(&state).Length);
    }

    [Fact]
    public void Windows_reader_state_round_trips_and_clamps_the_atr_to_36_bytes()
    {
        var state = new WindowsScardReaderState { EventState = 0x22, AtrLength = 40 };
        WindowsPcscCalls.SetReaderState(&state, 0x1234, 0x10);

        Assert.Equal((nint)0x1234, state.Reader);
        Assert.Equal(0x10u, state.CurrentState);
        Assert.Equal(0x22u, WindowsPcscCalls.GetEventState(&state));
        Assert.Equal(WindowsScardReaderState.AtrCapacity, WindowsPcscCalls.GetAtr(&state).Length);
    }

    [Fact]
    public void Mac_reader_state_round_trips_and_clamps_the_atr_to_33_bytes()
    {
        var state = new MacScardReaderState { EventState = 0x22, AtrLength = 40 };
        state.Atr[0] = 0x3B;
        MacPcscCalls.SetReaderState(&state, 0x1234, 0x10);

        Assert.Equal((nint)0x1234, state.Reader);
        Assert.Equal(0x10u, state.CurrentState);
        Assert.Equal(0x22u, MacPcscCalls.GetEventState(&state));
        var atr = MacPcscCalls.GetAtr(&state);
        Assert.Equal(MacScardReaderState.AtrCapacity, atr.Length);
        Assert.Equal(0x3B, atr[0]);
    }

    [Theory]
    [InlineData(0x2u, false)] // ABSENT
    [InlineData(0x4u, true)] // PRESENT
    [InlineData(0x34u, true)] // SPECIFIC | POWERED | PRESENT
    [InlineData(0x6u, false)] // ABSENT wins
    [InlineData(0x1u, false)] // UNKNOWN
    public void Pcsclite_and_macOS_read_the_status_state_as_a_bit_mask(uint state, bool present)
    {
        Assert.Equal(present, LinuxPcscCalls.IsPresent(state));
        Assert.Equal(present, MacPcscCalls.IsPresent(state));
    }

    [Theory]
    [InlineData(0u, false)] // SCARD_UNKNOWN
    [InlineData(1u, false)] // SCARD_ABSENT
    [InlineData(2u, true)] // SCARD_PRESENT
    [InlineData(6u, true)] // SCARD_SPECIFIC
    public void Windows_reads_the_status_state_as_an_enumeration(uint state, bool present) =>
        Assert.Equal(present, WindowsPcscCalls.IsPresent(state));

    [Fact]
    public void Raw_protocol_bit_is_4_except_on_windows()
    {
        Assert.Equal(4u, LinuxPcscCalls.RawProtocol);
        Assert.Equal(4u, MacPcscCalls.RawProtocol);
        Assert.Equal(0x10000u, WindowsPcscCalls.RawProtocol);
    }
}
