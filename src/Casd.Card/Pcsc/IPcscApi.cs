using Casd.Card.Transport;

namespace Casd.Card.Pcsc;

/// <summary>
/// The PC/SC functions Casd.Card uses, in a platform-neutral shape: handles widened to
/// <see cref="nint"/>, codes narrowed to their 32 bits, strings and reader states converted by
/// the platform layer. Every method returns the PC/SC code (0 on success) and never throws for a
/// PC/SC failure, so the logic above it can be tested against a mock.
/// </summary>
internal interface IPcscApi
{
    /// <summary>Gets a short description of the platform binding, e.g. "pcsc-lite (libpcsclite.so.1)".</summary>
    string Description { get; }

    uint EstablishContext(out nint context);

    uint ReleaseContext(nint context);

    uint Cancel(nint context);

    /// <summary>Lists readers; SCARD_E_NO_READERS_AVAILABLE is returned as success with an empty list.</summary>
    uint ListReaders(nint context, out IReadOnlyList<string> readers);

    uint Connect(nint context, string readerName, PcscShareMode shareMode, PcscProtocols preferred, out nint card, out PcscProtocols active);

    uint Reconnect(nint card, PcscShareMode shareMode, PcscProtocols preferred, CardDisposition initialization, out PcscProtocols active);

    uint Disconnect(nint card, CardDisposition disposition);

    uint BeginTransaction(nint card);

    uint EndTransaction(nint card, CardDisposition disposition);

    uint Status(nint card, out PcscCardStatus status);

    /// <summary>Sends a command; <paramref name="received"/> is the number of response bytes written.</summary>
    uint Transmit(nint card, PcscProtocols protocol, ReadOnlyMemory<byte> command, Memory<byte> response, out int received);

    /// <summary>Waits for a change of any of the states; timeout <see cref="uint.MaxValue"/> waits forever.</summary>
    uint GetStatusChange(nint context, uint timeoutMilliseconds, PcscReaderState[] states);
}
