using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Casd.Card.Pcsc.Native;

namespace Casd.Card.Tests.Pcsc;

/// <summary>
/// The native layouts of each platform, checked on every platform (they are plain structs): a
/// wrong size or offset would make SCardGetStatusChange write past or beside our buffers.
/// </summary>
public class PcscStructLayoutTests
{
    private static void SkipUnless64Bit() =>
        Assert.SkipUnless(Environment.Is64BitProcess, "the sizes asserted here are those of 64-bit processes");

    [Fact]
    public void Linux_io_request_is_two_unsigned_longs_16_bytes()
    {
        SkipUnless64Bit();
        Assert.Equal(16, Marshal.SizeOf<LinuxScardIoRequest>());
        Assert.Equal(16, Unsafe.SizeOf<LinuxScardIoRequest>());
    }

    [Fact]
    public void Linux_reader_state_has_8_byte_dwords_a_33_byte_atr_and_is_80_bytes()
    {
        SkipUnless64Bit();
        Assert.Equal(80, Marshal.SizeOf<LinuxScardReaderState>());
        Assert.Equal(80, Unsafe.SizeOf<LinuxScardReaderState>());
        Assert.Equal(16, (int)Marshal.OffsetOf<LinuxScardReaderState>(nameof(LinuxScardReaderState.CurrentState)));
        Assert.Equal(24, (int)Marshal.OffsetOf<LinuxScardReaderState>(nameof(LinuxScardReaderState.EventState)));
        Assert.Equal(32, (int)Marshal.OffsetOf<LinuxScardReaderState>(nameof(LinuxScardReaderState.AtrLength)));
        Assert.Equal(40, (int)Marshal.OffsetOf<LinuxScardReaderState>(nameof(LinuxScardReaderState.Atr)));
        Assert.Equal(33, LinuxScardReaderState.AtrCapacity);
    }

    [Fact]
    public void Windows_io_request_is_two_4_byte_dwords()
    {
        Assert.Equal(8, Marshal.SizeOf<WindowsScardIoRequest>());
        Assert.Equal(8, Unsafe.SizeOf<WindowsScardIoRequest>());
    }

    [Fact]
    public void Windows_reader_state_has_4_byte_dwords_a_36_byte_atr_and_is_64_bytes()
    {
        SkipUnless64Bit();
        Assert.Equal(64, Marshal.SizeOf<WindowsScardReaderState>());
        Assert.Equal(64, Unsafe.SizeOf<WindowsScardReaderState>());
        Assert.Equal(16, (int)Marshal.OffsetOf<WindowsScardReaderState>(nameof(WindowsScardReaderState.CurrentState)));
        Assert.Equal(24, (int)Marshal.OffsetOf<WindowsScardReaderState>(nameof(WindowsScardReaderState.AtrLength)));
        Assert.Equal(28, (int)Marshal.OffsetOf<WindowsScardReaderState>(nameof(WindowsScardReaderState.Atr)));
        Assert.Equal(36, WindowsScardReaderState.AtrCapacity);
    }

    [Fact]
    public void Mac_io_request_is_two_4_byte_dwords_packed()
    {
        Assert.Equal(8, Marshal.SizeOf<MacScardIoRequest>());
        Assert.Equal(8, Unsafe.SizeOf<MacScardIoRequest>());
    }

    [Fact]
    public void Mac_reader_state_is_packed_with_4_byte_dwords_and_a_33_byte_atr_61_bytes()
    {
        SkipUnless64Bit();
        Assert.Equal(61, Marshal.SizeOf<MacScardReaderState>());
        Assert.Equal(61, Unsafe.SizeOf<MacScardReaderState>());
        Assert.Equal(28, (int)Marshal.OffsetOf<MacScardReaderState>(nameof(MacScardReaderState.Atr)));
        Assert.Equal(33, MacScardReaderState.AtrCapacity);
    }

    [Fact]
    public void Mac_handles_and_codes_are_4_bytes_in_the_entry_points()
    {
        // PCSC.framework keeps int32 SCARDCONTEXT/SCARDHANDLE on 64-bit: the imports must say so.
        var establish = typeof(MacPcscNative).GetMethod(nameof(MacPcscNative.SCardEstablishContext))!;
        Assert.Equal(typeof(int), establish.ReturnType);
        Assert.Equal(typeof(int*), establish.GetParameters()[3].ParameterType);
        var transmit = typeof(MacPcscNative).GetMethod(nameof(MacPcscNative.SCardTransmit))!;
        Assert.Equal(typeof(int), transmit.GetParameters()[0].ParameterType);
        Assert.Equal(typeof(uint*), transmit.GetParameters()[6].ParameterType);
    }

    [Fact]
    public void Linux_codes_and_dwords_are_pointer_sized_in_the_entry_points()
    {
        var transmit = typeof(LinuxPcscNative).GetMethod(nameof(LinuxPcscNative.SCardTransmit))!;
        Assert.Equal(typeof(nint), transmit.ReturnType);
        Assert.Equal(typeof(nuint), transmit.GetParameters()[3].ParameterType);
        Assert.Equal(typeof(nuint*), transmit.GetParameters()[6].ParameterType);
    }

    [Fact]
    public void Windows_uses_the_wide_entry_points_for_strings()
    {
        var names = typeof(WindowsPcscNative).GetMethods().Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("SCardListReadersW", names);
        Assert.Contains("SCardConnectW", names);
        Assert.Contains("SCardStatusW", names);
        Assert.Contains("SCardGetStatusChangeW", names);
        Assert.DoesNotContain("SCardListReaders", names);
    }
}
