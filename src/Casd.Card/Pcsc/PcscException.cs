using System.Globalization;
using Casd.Card.Transport;

namespace Casd.Card.Pcsc;

/// <summary>
/// A PC/SC call failed with a code that has no more specific exception type. It is also the
/// inner exception of every typed transport exception raised by the PC/SC binding, so the raw
/// code is always available for diagnosis.
/// </summary>
public class PcscException : CardCommunicationException
{
    /// <summary>Initializes a new instance with a default message.</summary>
    public PcscException()
        : base("A PC/SC call failed.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What went wrong and what to do about it.</param>
    public PcscException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the exception that caused it.</summary>
    /// <param name="message">What went wrong and what to do about it.</param>
    /// <param name="innerException">The underlying cause.</param>
    public PcscException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance for a PC/SC return code.</summary>
    /// <param name="errorCode">The code the PC/SC function returned (for example 0x8010001D).</param>
    /// <param name="function">The PC/SC function that returned it (for example SCardConnect).</param>
    /// <param name="message">What went wrong and what to do about it.</param>
    public PcscException(uint errorCode, string function, string message)
        : base(message)
    {
        ErrorCode = errorCode;
        Function = function;
    }

    /// <summary>Gets the PC/SC return code, such as 0x8010001D for SCARD_E_NO_SERVICE; 0 when not known.</summary>
    public uint ErrorCode { get; }

    /// <summary>Gets the PC/SC function that failed, such as SCardTransmit; empty when not known.</summary>
    public string Function { get; } = string.Empty;

    /// <summary>Gets the code in the usual hexadecimal form, such as 0x8010001D.</summary>
    public string ErrorCodeHex => "0x" + ErrorCode.ToString("X8", CultureInfo.InvariantCulture);
}
