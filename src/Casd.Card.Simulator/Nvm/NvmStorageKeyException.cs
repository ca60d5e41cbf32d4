using Casd.Card.Transport;

namespace Casd.Card.Simulator.Nvm;

/// <summary>
/// A sealed simulator state file cannot be opened: its storage key is missing, or the key does not
/// unseal it (another card's key, or a file that was modified).
/// </summary>
public sealed class NvmStorageKeyException : CardException
{
    /// <summary>Initializes a new instance with a default message.</summary>
    public NvmStorageKeyException()
        : base("The simulator state file cannot be unsealed with its storage key.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What is missing or wrong and what to do.</param>
    public NvmStorageKeyException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and its cause.</summary>
    /// <param name="message">What is missing or wrong and what to do.</param>
    /// <param name="innerException">The underlying cause.</param>
    public NvmStorageKeyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
