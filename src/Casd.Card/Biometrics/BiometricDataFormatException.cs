using Casd.Card.Iso7816;

namespace Casd.Card.Biometrics;

/// <summary>
/// Raised when biometric data from outside — a finger minutiae record, a Biometric Information
/// Template, compact-card minutiae — is malformed. The message says what is wrong and where
/// (a byte offset, a view index) but never carries template bytes or minutia values.
/// </summary>
public class BiometricDataFormatException : CardDataFormatException
{
    /// <summary>Initializes a new instance with a default message.</summary>
    public BiometricDataFormatException()
        : base("The biometric data is malformed.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What is wrong and where; never template bytes.</param>
    public BiometricDataFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the exception that caused it.</summary>
    /// <param name="message">What is wrong and where; never template bytes.</param>
    /// <param name="innerException">The underlying cause.</param>
    public BiometricDataFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
