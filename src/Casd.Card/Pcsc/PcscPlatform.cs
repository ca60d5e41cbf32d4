using Casd.Card.Pcsc.Native;

namespace Casd.Card.Pcsc;

/// <summary>Chooses the PC/SC binding of the running platform.</summary>
internal static class PcscPlatform
{
    private static readonly Lazy<IPcscApi> Current = new(Create);

    /// <summary>Gets the binding of this process's platform.</summary>
    /// <exception cref="PlatformNotSupportedException">The platform has no known PC/SC library.</exception>
    public static IPcscApi Api => Current.Value;

    private static IPcscApi Create()
    {
        if (OperatingSystem.IsWindows())
        {
            return new PcscApi<WindowsPcscCalls, char, WindowsScardReaderState>();
        }

        if (OperatingSystem.IsMacOS())
        {
            return new PcscApi<MacPcscCalls, byte, MacScardReaderState>();
        }

        if (OperatingSystem.IsLinux() || OperatingSystem.IsFreeBSD())
        {
            return new PcscApi<LinuxPcscCalls, byte, LinuxScardReaderState>();
        }

        throw new PlatformNotSupportedException("PC/SC is supported on Linux (pcsc-lite), Windows (winscard.dll) and macOS (PCSC.framework) only.");
    }
}
