using System.Globalization;
using Casd.Card.Transport;

namespace Casd.Card.Pcsc;

/// <summary>
/// Turns PC/SC return codes into typed exceptions whose messages say what to do. The raw code
/// and the failing function travel in a <see cref="PcscException"/> as inner exception.
/// </summary>
internal static class PcscErrors
{
    private const string ServiceAdvice = "the PC/SC service is not running; on Debian/Ubuntu install and start it (apt-get install pcscd; systemctl start pcscd.socket), on Windows start the Smart Card service";

    /// <summary>Gets the symbolic name of a code, such as SCARD_E_NO_SERVICE.</summary>
    public static string Name(uint code) => (PcscErrorCode)code switch
    {
        PcscErrorCode.Success => "SCARD_S_SUCCESS",
        PcscErrorCode.InternalError => "SCARD_F_INTERNAL_ERROR",
        PcscErrorCode.Cancelled => "SCARD_E_CANCELLED",
        PcscErrorCode.InvalidHandle => "SCARD_E_INVALID_HANDLE",
        PcscErrorCode.InvalidParameter => "SCARD_E_INVALID_PARAMETER",
        PcscErrorCode.InvalidTarget => "SCARD_E_INVALID_TARGET",
        PcscErrorCode.NoMemory => "SCARD_E_NO_MEMORY",
        PcscErrorCode.WaitedTooLong => "SCARD_F_WAITED_TOO_LONG",
        PcscErrorCode.InsufficientBuffer => "SCARD_E_INSUFFICIENT_BUFFER",
        PcscErrorCode.UnknownReader => "SCARD_E_UNKNOWN_READER",
        PcscErrorCode.Timeout => "SCARD_E_TIMEOUT",
        PcscErrorCode.SharingViolation => "SCARD_E_SHARING_VIOLATION",
        PcscErrorCode.NoSmartcard => "SCARD_E_NO_SMARTCARD",
        PcscErrorCode.UnknownCard => "SCARD_E_UNKNOWN_CARD",
        PcscErrorCode.CantDispose => "SCARD_E_CANT_DISPOSE",
        PcscErrorCode.ProtoMismatch => "SCARD_E_PROTO_MISMATCH",
        PcscErrorCode.NotReady => "SCARD_E_NOT_READY",
        PcscErrorCode.InvalidValue => "SCARD_E_INVALID_VALUE",
        PcscErrorCode.SystemCancelled => "SCARD_E_SYSTEM_CANCELLED",
        PcscErrorCode.CommError => "SCARD_F_COMM_ERROR",
        PcscErrorCode.UnknownError => "SCARD_F_UNKNOWN_ERROR",
        PcscErrorCode.InvalidAtr => "SCARD_E_INVALID_ATR",
        PcscErrorCode.NotTransacted => "SCARD_E_NOT_TRANSACTED",
        PcscErrorCode.ReaderUnavailable => "SCARD_E_READER_UNAVAILABLE",
        PcscErrorCode.Shutdown => "SCARD_P_SHUTDOWN",
        PcscErrorCode.PciTooSmall => "SCARD_E_PCI_TOO_SMALL",
        PcscErrorCode.ReaderUnsupported => "SCARD_E_READER_UNSUPPORTED",
        PcscErrorCode.DuplicateReader => "SCARD_E_DUPLICATE_READER",
        PcscErrorCode.CardUnsupported => "SCARD_E_CARD_UNSUPPORTED",
        PcscErrorCode.NoService => "SCARD_E_NO_SERVICE",
        PcscErrorCode.ServiceStopped => "SCARD_E_SERVICE_STOPPED",
        PcscErrorCode.Unexpected => "SCARD_E_UNEXPECTED",
        PcscErrorCode.IccInstallation => "SCARD_E_ICC_INSTALLATION",
        PcscErrorCode.IccCreateOrder => "SCARD_E_ICC_CREATEORDER",
        PcscErrorCode.UnsupportedFeature => "SCARD_E_UNSUPPORTED_FEATURE",
        PcscErrorCode.DirNotFound => "SCARD_E_DIR_NOT_FOUND",
        PcscErrorCode.FileNotFound => "SCARD_E_FILE_NOT_FOUND",
        PcscErrorCode.NoDir => "SCARD_E_NO_DIR",
        PcscErrorCode.NoFile => "SCARD_E_NO_FILE",
        PcscErrorCode.NoAccess => "SCARD_E_NO_ACCESS",
        PcscErrorCode.WriteTooMany => "SCARD_E_WRITE_TOO_MANY",
        PcscErrorCode.BadSeek => "SCARD_E_BAD_SEEK",
        PcscErrorCode.InvalidChv => "SCARD_E_INVALID_CHV",
        PcscErrorCode.UnknownResMng => "SCARD_E_UNKNOWN_RES_MNG",
        PcscErrorCode.NoSuchCertificate => "SCARD_E_NO_SUCH_CERTIFICATE",
        PcscErrorCode.CertificateUnavailable => "SCARD_E_CERTIFICATE_UNAVAILABLE",
        PcscErrorCode.NoReadersAvailable => "SCARD_E_NO_READERS_AVAILABLE",
        PcscErrorCode.CommDataLost => "SCARD_E_COMM_DATA_LOST",
        PcscErrorCode.NoKeyContainer => "SCARD_E_NO_KEY_CONTAINER",
        PcscErrorCode.ServerTooBusy => "SCARD_E_SERVER_TOO_BUSY",
        PcscErrorCode.PinCacheExpired => "SCARD_E_PIN_CACHE_EXPIRED",
        PcscErrorCode.NoPinCache => "SCARD_E_NO_PIN_CACHE",
        PcscErrorCode.ReadOnlyCard => "SCARD_E_READ_ONLY_CARD",
        PcscErrorCode.UnsupportedCardWarning => "SCARD_W_UNSUPPORTED_CARD",
        PcscErrorCode.UnresponsiveCard => "SCARD_W_UNRESPONSIVE_CARD",
        PcscErrorCode.UnpoweredCard => "SCARD_W_UNPOWERED_CARD",
        PcscErrorCode.ResetCard => "SCARD_W_RESET_CARD",
        PcscErrorCode.RemovedCard => "SCARD_W_REMOVED_CARD",
        PcscErrorCode.SecurityViolation => "SCARD_W_SECURITY_VIOLATION",
        PcscErrorCode.WrongChv => "SCARD_W_WRONG_CHV",
        PcscErrorCode.ChvBlocked => "SCARD_W_CHV_BLOCKED",
        PcscErrorCode.Eof => "SCARD_W_EOF",
        PcscErrorCode.CancelledByUser => "SCARD_W_CANCELLED_BY_USER",
        PcscErrorCode.CardNotAuthenticated => "SCARD_W_CARD_NOT_AUTHENTICATED",
        PcscErrorCode.CacheItemNotFound => "SCARD_W_CACHE_ITEM_NOT_FOUND",
        PcscErrorCode.CacheItemStale => "SCARD_W_CACHE_ITEM_STALE",
        PcscErrorCode.CacheItemTooBig => "SCARD_W_CACHE_ITEM_TOO_BIG",
        _ => "unknown PC/SC code",
    };

    /// <summary>Gets what a code means and what to do about it, as the end of a sentence.</summary>
    public static string Advice(uint code) => (PcscErrorCode)code switch
    {
        PcscErrorCode.NoService or PcscErrorCode.ServiceStopped or PcscErrorCode.Shutdown => ServiceAdvice,
        PcscErrorCode.ServerTooBusy => "the PC/SC service is too busy; retry in a moment",
        PcscErrorCode.CommError or PcscErrorCode.CommDataLost => "the connection to the PC/SC service or the reader broke; check that pcscd is running and the reader is connected, then retry",
        PcscErrorCode.InvalidHandle => "the connection is no longer valid (the PC/SC service may have restarted); connect again",
        PcscErrorCode.UnknownReader or PcscErrorCode.ReaderUnavailable or PcscErrorCode.InvalidTarget or PcscErrorCode.NoReadersAvailable or PcscErrorCode.DuplicateReader =>
            "the reader is not available; check that it is connected and its name is right (casd-card readers lists the readers)",
        PcscErrorCode.ReaderUnsupported => "the reader driver does not support this reader; install its driver (for CCID readers: libccid)",
        PcscErrorCode.SharingViolation => "another application uses the card exclusively; close it or wait until it finishes, then retry",
        PcscErrorCode.NoSmartcard => "there is no card in the reader; insert the card and retry",
        PcscErrorCode.RemovedCard => "the card was removed; insert it again and retry",
        PcscErrorCode.ResetCard => "the card was reset by another application; select the application again and retry",
        PcscErrorCode.UnresponsiveCard or PcscErrorCode.UnpoweredCard or PcscErrorCode.InvalidAtr =>
            "the card does not respond; remove it, check its orientation and contacts, and insert it again",
        PcscErrorCode.UnknownCard or PcscErrorCode.CardUnsupported or PcscErrorCode.UnsupportedCardWarning =>
            "the reader cannot use this card; check that it is the right card, inserted the right way round",
        PcscErrorCode.Timeout or PcscErrorCode.WaitedTooLong => "the operation did not complete in time; check the reader and the card and retry",
        PcscErrorCode.Cancelled or PcscErrorCode.SystemCancelled or PcscErrorCode.CancelledByUser => "the operation was cancelled",
        PcscErrorCode.ProtoMismatch => "the card does not speak the requested protocol (T=0/T=1); connect with another protocol",
        PcscErrorCode.NotReady => "the reader or card is not ready; wait a moment and retry",
        PcscErrorCode.NotTransacted => "the exchange with the card failed; remove and insert the card, then retry",
        PcscErrorCode.InsufficientBuffer or PcscErrorCode.PciTooSmall =>
            "a buffer was too small for the card's answer; this is a bug in the caller, please report it",
        PcscErrorCode.InvalidParameter or PcscErrorCode.InvalidValue or PcscErrorCode.CantDispose =>
            "a PC/SC call got an invalid argument; this is a bug in Casd.Card, please report it",
        PcscErrorCode.NoMemory => "the system is out of memory; close other programs and retry",
        PcscErrorCode.UnsupportedFeature => "the reader or its driver does not support this operation",
        PcscErrorCode.InternalError or PcscErrorCode.UnknownError or PcscErrorCode.Unexpected =>
            "the PC/SC stack reported an internal error; restart pcscd (or the Smart Card service) and retry",
        PcscErrorCode.SecurityViolation or PcscErrorCode.WrongChv or PcscErrorCode.ChvBlocked or PcscErrorCode.InvalidChv or PcscErrorCode.CardNotAuthenticated =>
            "the card refused access; check the credentials",
        PcscErrorCode.IccInstallation or PcscErrorCode.IccCreateOrder or PcscErrorCode.DirNotFound or PcscErrorCode.FileNotFound or PcscErrorCode.NoDir
            or PcscErrorCode.NoFile or PcscErrorCode.NoAccess or PcscErrorCode.WriteTooMany or PcscErrorCode.BadSeek or PcscErrorCode.UnknownResMng
            or PcscErrorCode.NoSuchCertificate or PcscErrorCode.CertificateUnavailable or PcscErrorCode.NoKeyContainer or PcscErrorCode.PinCacheExpired
            or PcscErrorCode.NoPinCache or PcscErrorCode.ReadOnlyCard or PcscErrorCode.Eof or PcscErrorCode.CacheItemNotFound
            or PcscErrorCode.CacheItemStale or PcscErrorCode.CacheItemTooBig =>
            "a Windows smart-card minidriver operation failed; Casd.Card does not use these, so please report it",
        _ => "the PC/SC stack returned an unknown code; restart pcscd (or the Smart Card service) and retry",
    };

    /// <summary>Builds the exception for a failed PC/SC call.</summary>
    /// <param name="code">The code the function returned; not <see cref="PcscErrorCode.Success"/>.</param>
    /// <param name="function">The function, e.g. SCardConnect.</param>
    /// <param name="readerName">The reader concerned, when there is one.</param>
    /// <param name="cancellationToken">The caller's token, used for the cancelled codes.</param>
    /// <returns>The exception to throw.</returns>
    public static Exception ToException(uint code, string function, string? readerName = null, CancellationToken cancellationToken = default)
    {
        var where = readerName is null ? string.Empty : string.Format(CultureInfo.InvariantCulture, " (reader '{0}')", readerName);
        var message = string.Format(CultureInfo.InvariantCulture, "{0} failed with {1} (0x{2:X8}){3}: {4}.", function, Name(code), code, where, Advice(code));
        var inner = new PcscException(code, function, message);
        return (PcscErrorCode)code switch
        {
            PcscErrorCode.NoService or PcscErrorCode.ServiceStopped or PcscErrorCode.Shutdown => new CardServiceUnavailableException(message, inner),
            PcscErrorCode.UnknownReader or PcscErrorCode.ReaderUnavailable or PcscErrorCode.InvalidTarget or PcscErrorCode.NoReadersAvailable
                or PcscErrorCode.DuplicateReader or PcscErrorCode.ReaderUnsupported => new CardReaderNotFoundException(message, inner),
            PcscErrorCode.SharingViolation => new CardSharingViolationException(message, inner),
            PcscErrorCode.NoSmartcard => new CardNotPresentException(message, inner),
            PcscErrorCode.RemovedCard => new CardRemovedException(message, inner),
            PcscErrorCode.ResetCard => new CardResetException(message, inner),
            PcscErrorCode.UnresponsiveCard or PcscErrorCode.UnpoweredCard or PcscErrorCode.InvalidAtr or PcscErrorCode.UnknownCard
                or PcscErrorCode.CardUnsupported or PcscErrorCode.UnsupportedCardWarning => new CardUnresponsiveException(message, inner),
            PcscErrorCode.Timeout or PcscErrorCode.WaitedTooLong => new CardTimeoutException(message, inner),
            PcscErrorCode.Cancelled or PcscErrorCode.SystemCancelled or PcscErrorCode.CancelledByUser => new OperationCanceledException(message, inner, cancellationToken),
            _ => inner,
        };
    }

    /// <summary>Throws the exception for a code unless it is success.</summary>
    /// <param name="code">The code the function returned.</param>
    /// <param name="function">The function, e.g. SCardConnect.</param>
    /// <param name="readerName">The reader concerned, when there is one.</param>
    /// <param name="cancellationToken">The caller's token, used for the cancelled codes.</param>
    public static void ThrowIfFailed(uint code, string function, string? readerName = null, CancellationToken cancellationToken = default)
    {
        if (code != 0)
        {
            throw ToException(code, function, readerName, cancellationToken);
        }
    }

    /// <summary>Whether a code means the service went away, so a context must be established again.</summary>
    public static bool IsServiceLost(uint code) => (PcscErrorCode)code is PcscErrorCode.NoService or PcscErrorCode.ServiceStopped
        or PcscErrorCode.Shutdown or PcscErrorCode.InvalidHandle or PcscErrorCode.CommError or PcscErrorCode.UnknownError or PcscErrorCode.InternalError;
}
