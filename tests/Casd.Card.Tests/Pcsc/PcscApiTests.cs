using Casd.Card.Pcsc;
using Casd.Card.Pcsc.Native;
using Casd.Card.Transport;

namespace Casd.Card.Tests.Pcsc;

/// <summary>
/// The shared half of the platform binding (<see cref="PcscApi{TCalls, TChar, TReaderState}"/>)
/// over a scripted platform: list retries, multi-strings, protocol bits, status, transmit lengths
/// and reader-state arrays, which every platform now gets from this one class.
/// </summary>
public sealed class PcscApiTests
{
    private readonly PcscApi<FakePcscCalls, byte, LinuxScardReaderState> _api = new();

    public PcscApiTests() => FakePcscCalls.Reset();

    [Fact]
    public void ListReaders_retries_when_a_reader_appears_between_size_and_fill()
    {
        FakePcscCalls.ListSnapshots = ["A\0\0", "A\0Bb\0\0"];

        var rc = _api.ListReaders(1, out var readers);

        Assert.Equal(0u, rc);
        Assert.Equal(["A", "Bb"], readers);
        Assert.Equal(4, FakePcscCalls.ListCalls);
    }

    [Fact]
    public void ListReaders_reports_no_readers_as_success_with_an_empty_list()
    {
        FakePcscCalls.ListSnapshots = [string.Empty];

        Assert.Equal(0u, _api.ListReaders(1, out var readers));
        Assert.Empty(readers);
    }

    [Fact]
    public void ListReaders_gives_up_after_five_growing_lists()
    {
        FakePcscCalls.ListSnapshots = Enumerable.Range(1, 12).Select(n => new string('R', n) + "\0\0").ToArray();

        Assert.Equal((uint)PcscErrorCode.InsufficientBuffer, _api.ListReaders(1, out var readers));
        Assert.Empty(readers);
        Assert.Equal(10, FakePcscCalls.ListCalls);
    }

    [Fact]
    public void Protocols_use_the_platforms_raw_bit_both_ways()
    {
        FakePcscCalls.NativeProtocol = FakePcscCalls.Raw | 1;

        var rc = _api.Connect(1, "Reader", PcscShareMode.Shared, PcscProtocols.T1 | PcscProtocols.Raw, out var card, out var active);

        Assert.Equal(0u, rc);
        Assert.Equal((nint)7, card);
        Assert.Equal("Reader", FakePcscCalls.LastReaderName);
        Assert.Equal(FakePcscCalls.Raw | 2, FakePcscCalls.LastProtocol);
        Assert.Equal(PcscProtocols.T0 | PcscProtocols.Raw, active);

        FakePcscCalls.NativeProtocol = 2;
        _api.Reconnect(7, PcscShareMode.Exclusive, PcscProtocols.T0, CardDisposition.Reset, out active);
        Assert.Equal(1u, FakePcscCalls.LastProtocol);
        Assert.Equal(PcscProtocols.T1, active);
    }

    [Fact]
    public void Status_takes_the_first_name_presence_protocol_and_the_reported_atr()
    {
        FakePcscCalls.StatusNames = "First\0Second\0\0";
        FakePcscCalls.StatusState = 0x20 | 0x10 | 0x4; // SPECIFIC | POWERED | PRESENT
        FakePcscCalls.NativeProtocol = 2;
        FakePcscCalls.Atr = new byte[] { 0x3B, 0x80, 0x80, 0x01, 0x01 };
        FakePcscCalls.ReportedLength = 4;

        Assert.Equal(0u, _api.Status(7, out var status));

        Assert.Equal("First", status.ReaderName);
        Assert.True(status.IsCardPresent);
        Assert.Equal(PcscProtocols.T1, status.Protocol);
        Assert.Equal([0x3B, 0x80, 0x80, 0x01], status.Atr);
    }

    [Fact]
    public void Status_on_failure_is_empty_and_keeps_the_code()
    {
        FakePcscCalls.Rc = (uint)PcscErrorCode.NoSmartcard;
        FakePcscCalls.StatusNames = "Reader\0\0";
        FakePcscCalls.StatusState = 0x4;

        Assert.Equal((uint)PcscErrorCode.NoSmartcard, _api.Status(7, out var status));
        Assert.Equal(new PcscCardStatus(string.Empty, false, PcscProtocols.None, status.Atr), status);
        Assert.Empty(status.Atr);
    }

    [Fact]
    public void Transmit_sends_the_command_and_never_reports_more_than_the_buffer_holds()
    {
        var response = new byte[2];
        FakePcscCalls.Reply = new byte[] { 0x90, 0x00 };
        FakePcscCalls.ReportedLength = 258; // a library that overstates what it wrote

        Assert.Equal(0u, _api.Transmit(7, PcscProtocols.T1, new byte[] { 0x00, 0xA4, 0x04, 0x00 }, response, out var received));

        Assert.Equal(2, received);
        Assert.Equal([0x90, 0x00], response);
        Assert.Equal([0x00, 0xA4, 0x04, 0x00], FakePcscCalls.LastSent);
        Assert.Equal(2u, FakePcscCalls.LastProtocol);
    }

    [Fact]
    public void Transmit_failure_reports_nothing_received()
    {
        FakePcscCalls.Rc = (uint)PcscErrorCode.RemovedCard;
        FakePcscCalls.ReportedLength = 2;

        Assert.Equal((uint)PcscErrorCode.RemovedCard, _api.Transmit(7, PcscProtocols.T0, new byte[] { 0x00, 0xB0, 0x00, 0x00, 0x00 }, new byte[16], out var received));
        Assert.Equal(0, received);
    }

    [Fact]
    public void GetStatusChange_passes_names_and_states_and_reads_back_events_and_atr()
    {
        FakePcscCalls.Atr = Enumerable.Range(1, LinuxScardReaderState.AtrCapacity).Select(b => (byte)b).ToArray();
        FakePcscCalls.ReportedLength = 200; // beyond the 33-byte buffer: clamped
        PcscReaderState[] states = [new("Reader é", 0x10), new(PcscReaderState.PnpNotification, 0)];

        Assert.Equal(0u, _api.GetStatusChange(1, uint.MaxValue, states));

        Assert.Equal([("Reader é", 0x10u), (PcscReaderState.PnpNotification, 0u)], FakePcscCalls.SeenStates);
        Assert.Equal(uint.MaxValue, FakePcscCalls.LastTimeout);
        Assert.Equal(0x30u, states[0].EventState);
        Assert.Equal(0x20u, states[1].EventState);
        Assert.Equal(FakePcscCalls.Atr.ToArray(), states[0].Atr);
    }
}
