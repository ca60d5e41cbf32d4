using BenchmarkDotNet.Attributes;
using Casd.Card.Pcsc;
using Casd.Card.Pcsc.Native;

namespace Casd.Card.Benchmarks.Pcsc;

/// <summary>
/// The platform binding's own conversions (the code under <see cref="IPcscApi"/>: IO request,
/// pinning, length and code narrowing, reader-state arrays) down to the real pcsc-lite library,
/// without pcscd: every call carries a handle pcsc-lite does not know, which it rejects in the
/// client library with SCARD_E_INVALID_HANDLE before any daemon traffic. The baseline is the bare
/// <c>SCardTransmit</c> P/Invoke with the same handle in the same run.
/// </summary>
/// <remarks>Off Linux, or without libpcsclite.so.1, every method returns at once and the setup says why.</remarks>
[MemoryDiagnoser]
public unsafe class PcscNativeBindingBenchmarks
{
    // pcsc-lite draws its handles at random; this one is never registered in this process.
    private const nint UnknownHandle = 0x5EAD_BEEF;
    private static readonly byte[] Command = [0x00, 0xA4, 0x00, 0x0C, 0x02, 0x3F, 0x00];
    private readonly byte[] _receive = new byte[PcscCardConnection.MaxResponseLength];
    private readonly PcscReaderState[] _states = [new("Virtual PCD 00 00", 0), new(PcscReaderState.PnpNotification, 0)];
    private IPcscApi? _api;
    private string? _skipReason;

    [GlobalSetup]
    public void Setup()
    {
        _skipReason = Probe();
        if (_skipReason is not null)
        {
            Console.WriteLine("// PcscNativeBindingBenchmarks skipped: " + _skipReason);
            return;
        }

        _api = PcscPlatform.Api;
        var rc = _api.Transmit(UnknownHandle, PcscProtocols.T1, Command, _receive, out _);
        if (rc != (uint)PcscErrorCode.InvalidHandle)
        {
            throw new InvalidOperationException($"pcsc-lite answered 0x{rc:X8} to an unknown handle, not SCARD_E_INVALID_HANDLE.");
        }
    }

    [Benchmark(Baseline = true)]
    public nint BareSCardTransmit()
    {
        if (_skipReason is not null)
        {
            return 0;
        }

        var pci = new LinuxScardIoRequest { Protocol = 2, PciLength = (nuint)sizeof(LinuxScardIoRequest) };
        var length = (nuint)_receive.Length;
        fixed (byte* send = Command)
        fixed (byte* receive = _receive)
        {
            return LinuxPcscNative.SCardTransmit(UnknownHandle, &pci, send, (nuint)Command.Length, null, receive, &length);
        }
    }

    [Benchmark]
    public uint ApiTransmit() => _skipReason is not null ? 0 : _api!.Transmit(UnknownHandle, PcscProtocols.T1, Command, _receive, out _);

    [Benchmark]
    public uint ApiStatus() => _skipReason is not null ? 0 : _api!.Status(UnknownHandle, out _);

    [Benchmark]
    public uint ApiGetStatusChange() => _skipReason is not null ? 0 : _api!.GetStatusChange(UnknownHandle, 0, _states);

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "the baseline calls pcsc-lite directly, which is Linux-only";
        }

        try
        {
            _ = PcscPlatform.Api.Cancel(UnknownHandle);
        }
        catch (DllNotFoundException ex)
        {
            return ex.Message;
        }

        return null;
    }
}
