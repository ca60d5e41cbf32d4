namespace Casd.Card.Pcsc.Native;

/// <summary>
/// One platform's half of the binding: its entry points, called with the neutral types of
/// <see cref="PcscApi{TCalls, TChar, TReaderState}"/> (handles as <see cref="nint"/>, DWORDs and
/// lengths as <see cref="uint"/>, codes narrowed to their 32 bits) and widened or narrowed to the
/// platform's own types inside. Static abstract members, implemented by empty structs, so the JIT
/// compiles one specialised copy of the shared logic per platform: no virtual call, no boxing.
/// </summary>
/// <typeparam name="TChar">The platform's string unit: <see cref="byte"/> (UTF-8) or <see cref="char"/> (UTF-16).</typeparam>
/// <typeparam name="TReaderState">The platform's SCARD_READERSTATE layout.</typeparam>
internal unsafe interface IPcscNativeCalls<TChar, TReaderState>
    where TChar : unmanaged
    where TReaderState : unmanaged
{
    /// <summary>Gets a short description of the platform binding.</summary>
    static abstract string Description { get; }

    /// <summary>Gets the platform's SCARD_PROTOCOL_RAW bit (T=0 and T=1 are 1 and 2 everywhere).</summary>
    static abstract uint RawProtocol { get; }

    static abstract uint EstablishContext(nint* context);

    static abstract uint ReleaseContext(nint context);

    static abstract uint Cancel(nint context);

    /// <summary>SCardListReaders: <paramref name="length"/> counts <typeparamref name="TChar"/> units, in and out.</summary>
    static abstract uint ListReaders(nint context, TChar* readers, uint* length);

    /// <summary>Splits a multi-string in the platform's encoding into its names.</summary>
    static abstract IReadOnlyList<string> SplitNames(ReadOnlySpan<TChar> multi);

    /// <summary>SCardConnect, with the reader name encoded the platform's way.</summary>
    static abstract uint Connect(nint context, string readerName, uint shareMode, uint preferredProtocols, nint* card, uint* activeProtocol);

    static abstract uint Reconnect(nint card, uint shareMode, uint preferredProtocols, uint initialization, uint* activeProtocol);

    static abstract uint Disconnect(nint card, uint disposition);

    static abstract uint BeginTransaction(nint card);

    static abstract uint EndTransaction(nint card, uint disposition);

    static abstract uint Status(nint card, TChar* readerNames, uint* readerNamesLength, uint* state, uint* protocol, byte* atr, uint* atrLength);

    /// <summary>Reads the SCardStatus state word: a bit mask on pcsc-lite and macOS, an enumeration on Windows.</summary>
    static abstract bool IsPresent(uint state);

    /// <summary>SCardTransmit with a per-call SCARD_IO_REQUEST of the platform's layout and a null receive PCI.</summary>
    static abstract uint Transmit(nint card, uint protocol, byte* send, uint sendLength, byte* receive, uint* receiveLength);

    /// <summary>Copies a reader name to unmanaged memory in the platform's encoding (freed with <see cref="System.Runtime.InteropServices.Marshal.FreeCoTaskMem"/>).</summary>
    static abstract nint AllocReaderName(string readerName);

    static abstract void SetReaderState(TReaderState* state, nint readerName, uint currentState);

    static abstract uint GetEventState(TReaderState* state);

    /// <summary>Gets the ATR the reader state holds, its length clamped to the platform's buffer.</summary>
    static abstract ReadOnlySpan<byte> GetAtr(TReaderState* state);

    static abstract uint GetStatusChange(nint context, uint timeout, TReaderState* states, uint count);
}
