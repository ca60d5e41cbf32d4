using System.Globalization;

namespace Casd.Card.Iso7816;

/// <summary>
/// A response APDU: response data (possibly empty) and the status word. A value type over the
/// received bytes, so decoding allocates nothing.
/// </summary>
public readonly struct ResponseApdu : IEquatable<ResponseApdu>
{
    /// <summary>Initializes a response from its data and status word.</summary>
    /// <param name="data">The response data; referenced, not copied.</param>
    /// <param name="statusWord">The status word.</param>
    public ResponseApdu(ReadOnlyMemory<byte> data, StatusWord statusWord)
    {
        Data = data;
        StatusWord = statusWord;
    }

    /// <summary>Gets the response data.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>Gets the status word.</summary>
    public StatusWord StatusWord { get; }

    /// <summary>Gets whether the status word is '9000'.</summary>
    public bool IsSuccess => StatusWord.IsSuccess;

    /// <summary>Gets the total encoded length: data plus two status bytes.</summary>
    public int EncodedLength => Data.Length + 2;

    /// <summary>Decodes a response without copying: the data references <paramref name="encoded"/>.</summary>
    /// <param name="encoded">The bytes received from the card.</param>
    /// <returns>The response.</returns>
    /// <exception cref="CardDataFormatException">Fewer than 2 bytes were received.</exception>
    public static ResponseApdu Parse(ReadOnlyMemory<byte> encoded)
    {
        if (encoded.Length < 2)
        {
            throw new CardDataFormatException(string.Format(
                CultureInfo.InvariantCulture,
                "Malformed response APDU: {0} byte(s) received, but every response ends with a 2-byte status word.",
                encoded.Length));
        }

        var span = encoded.Span;
        return new ResponseApdu(encoded[..^2], new StatusWord(span[^2], span[^1]));
    }

    /// <summary>Encodes the response (data then SW1 SW2) into a caller's buffer.</summary>
    /// <param name="destination">Where to write.</param>
    /// <param name="bytesWritten">The number of bytes written.</param>
    /// <returns><see langword="false"/> when the buffer is too small.</returns>
    public bool TryEncode(Span<byte> destination, out int bytesWritten)
    {
        if (destination.Length < EncodedLength)
        {
            bytesWritten = 0;
            return false;
        }

        Data.Span.CopyTo(destination);
        destination[Data.Length] = StatusWord.Sw1;
        destination[Data.Length + 1] = StatusWord.Sw2;
        bytesWritten = EncodedLength;
        return true;
    }

    /// <summary>Encodes the response into a new array.</summary>
    /// <returns>Data followed by SW1 SW2.</returns>
    public byte[] ToArray()
    {
        var result = new byte[EncodedLength];
        TryEncode(result, out _);
        return result;
    }

    /// <summary>Throws when the status word is not '9000'.</summary>
    /// <param name="command">The command this answers, named in the message.</param>
    /// <returns>This response, for chaining.</returns>
    /// <exception cref="StatusWordException">The status word is not '9000'.</exception>
    public ResponseApdu EnsureSuccess(CommandApdu? command = null)
    {
        if (!IsSuccess)
        {
            throw new StatusWordException(StatusWord, command);
        }

        return this;
    }

    /// <inheritdoc/>
    public bool Equals(ResponseApdu other) => StatusWord == other.StatusWord && Data.Span.SequenceEqual(other.Data.Span);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ResponseApdu other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(StatusWord, Data.Length);

    /// <summary>Describes the response by length and status word; the data is never shown.</summary>
    /// <returns>For example <c>Nr=12 SW=9000 (…)</c>.</returns>
    public override string ToString() =>
        string.Format(CultureInfo.InvariantCulture, "Nr={0} SW={1}", Data.Length, StatusWord);

    /// <summary>Compares two responses by data and status word.</summary>
    /// <param name="left">The first response.</param>
    /// <param name="right">The second response.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public static bool operator ==(ResponseApdu left, ResponseApdu right) => left.Equals(right);

    /// <summary>Compares two responses by data and status word.</summary>
    /// <param name="left">The first response.</param>
    /// <param name="right">The second response.</param>
    /// <returns><see langword="true"/> when different.</returns>
    public static bool operator !=(ResponseApdu left, ResponseApdu right) => !left.Equals(right);
}
