using System.Buffers.Binary;
using System.Globalization;

namespace Casd.Card.Iso7816;

/// <summary>
/// An immutable command APDU (ISO/IEC 7816-3 and -4): header, optional command data (Nc bytes,
/// up to 65,535) and the maximum number of response bytes expected (Ne, up to 65,536).
/// </summary>
/// <remarks>
/// The command data is referenced, not copied: callers that pass secret data keep ownership of
/// the buffer and clear it after use. <see cref="ToString"/> shows the header and lengths only,
/// never the data.
/// </remarks>
public sealed class CommandApdu
{
    /// <summary>The largest Nc a short Lc field can carry.</summary>
    public const int MaxShortDataLength = 255;

    /// <summary>The largest Ne a short Le field can carry ('00' means 256).</summary>
    public const int MaxShortExpectedLength = 256;

    /// <summary>The largest Nc an extended Lc field can carry.</summary>
    public const int MaxExtendedDataLength = 65_535;

    /// <summary>The largest Ne an extended Le field can carry ('0000' means 65,536).</summary>
    public const int MaxExtendedExpectedLength = 65_536;

    /// <summary>The longest encoded command APDU: 4 header bytes, 3 Lc bytes, 65,535 data bytes, 2 Le bytes.</summary>
    public const int MaxEncodedLength = 4 + 3 + MaxExtendedDataLength + 2;

    /// <summary>Initializes a command APDU.</summary>
    /// <param name="cla">The class byte; 'FF' is reserved and refused.</param>
    /// <param name="ins">The instruction byte; odd '6X' and '9X' values are reserved and refused.</param>
    /// <param name="p1">Parameter 1.</param>
    /// <param name="p2">Parameter 2.</param>
    /// <param name="data">The command data (Nc = its length, at most 65,535); referenced, not copied.</param>
    /// <param name="expectedLength">Ne: 0 for none, otherwise at most 65,536.</param>
    /// <exception cref="ArgumentException">The class or instruction byte is invalid.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Nc or Ne is out of range.</exception>
    public CommandApdu(byte cla, byte ins, byte p1, byte p2, ReadOnlyMemory<byte> data = default, int expectedLength = 0)
    {
        if (!ClassByte.IsValid(cla))
        {
            throw new ArgumentException("CLA 'FF' is reserved for protocol parameter selection and cannot start a command.", nameof(cla));
        }

        if ((ins & 0xF0) is 0x60 or 0x90)
        {
            throw new ArgumentException(
                string.Format(CultureInfo.InvariantCulture, "INS '{0:X2}' is invalid: '6X' and '9X' are reserved for status words.", ins),
                nameof(ins));
        }

        if (data.Length > MaxExtendedDataLength)
        {
            throw new ArgumentOutOfRangeException(nameof(data), data.Length, "Command data (Nc) is limited to 65,535 bytes.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(expectedLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(expectedLength, MaxExtendedExpectedLength);

        Cla = cla;
        Ins = ins;
        P1 = p1;
        P2 = p2;
        Data = data;
        Ne = expectedLength;
    }

    /// <summary>Gets the class byte.</summary>
    public byte Cla { get; }

    /// <summary>Gets the instruction byte.</summary>
    public byte Ins { get; }

    /// <summary>Gets parameter 1.</summary>
    public byte P1 { get; }

    /// <summary>Gets parameter 2.</summary>
    public byte P2 { get; }

    /// <summary>Gets the command data; empty for cases 1 and 2.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>Gets Nc, the number of command data bytes.</summary>
    public int Nc => Data.Length;

    /// <summary>Gets Ne, the maximum number of response data bytes expected; 0 when none.</summary>
    public int Ne { get; }

    /// <summary>Gets the command case.</summary>
    public ApduCase Case => (Nc > 0, Ne > 0) switch
    {
        (false, false) => ApduCase.Case1,
        (false, true) => ApduCase.Case2,
        (true, false) => ApduCase.Case3,
        (true, true) => ApduCase.Case4,
    };

    /// <summary>Gets whether the command can only be encoded with extended length fields.</summary>
    public bool RequiresExtendedLength => Nc > MaxShortDataLength || Ne > MaxShortExpectedLength;

    /// <summary>Gets the logical channel the class byte addresses.</summary>
    public int LogicalChannel => ClassByte.GetLogicalChannel(Cla);

    /// <summary>Returns a copy with another class byte.</summary>
    /// <param name="cla">The new class byte.</param>
    /// <returns>The new command.</returns>
    public CommandApdu WithCla(byte cla) => new(cla, Ins, P1, P2, Data, Ne);

    /// <summary>Returns a copy with another Ne.</summary>
    /// <param name="expectedLength">The new Ne.</param>
    /// <returns>The new command.</returns>
    public CommandApdu WithExpectedLength(int expectedLength) => new(Cla, Ins, P1, P2, Data, expectedLength);

    /// <summary>Returns a copy with other command data.</summary>
    /// <param name="data">The new command data.</param>
    /// <returns>The new command.</returns>
    public CommandApdu WithData(ReadOnlyMemory<byte> data) => new(Cla, Ins, P1, P2, data, Ne);

    /// <summary>Gets the number of bytes the encoded command takes in a format.</summary>
    /// <param name="format">The length format.</param>
    /// <returns>The encoded length.</returns>
    /// <exception cref="ExtendedLengthNotSupportedException">The format is short and the command does not fit.</exception>
    public int GetEncodedLength(ApduLengthFormat format = ApduLengthFormat.Auto)
    {
        var extended = UsesExtended(format);
        var length = 4;
        if (Nc > 0)
        {
            length += (extended ? 3 : 1) + Nc;
        }

        if (Ne > 0)
        {
            length += extended ? (Nc > 0 ? 2 : 3) : 1;
        }

        return length;
    }

    /// <summary>Encodes the command into a caller's buffer without allocating.</summary>
    /// <param name="destination">Where to write.</param>
    /// <param name="format">The length format.</param>
    /// <param name="bytesWritten">The number of bytes written.</param>
    /// <returns><see langword="false"/> when <paramref name="destination"/> is too small (nothing useful is written).</returns>
    /// <exception cref="ExtendedLengthNotSupportedException">The format is short and the command does not fit.</exception>
    public bool TryEncode(Span<byte> destination, ApduLengthFormat format, out int bytesWritten)
    {
        var length = GetEncodedLength(format);
        if (destination.Length < length)
        {
            bytesWritten = 0;
            return false;
        }

        var extended = UsesExtended(format);
        destination[0] = Cla;
        destination[1] = Ins;
        destination[2] = P1;
        destination[3] = P2;
        var offset = 4;
        if (Nc > 0)
        {
            if (extended)
            {
                destination[offset++] = 0;
                BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], (ushort)Nc);
                offset += 2;
            }
            else
            {
                destination[offset++] = (byte)Nc;
            }

            Data.Span.CopyTo(destination[offset..]);
            offset += Nc;
        }

        if (Ne > 0)
        {
            if (extended)
            {
                if (Nc == 0)
                {
                    destination[offset++] = 0;
                }

                // 65,536 is encoded as '0000', which the cast produces.
                BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], (ushort)Ne);
                offset += 2;
            }
            else
            {
                destination[offset++] = (byte)Ne;
            }
        }

        bytesWritten = offset;
        return true;
    }

    /// <summary>Encodes the command into a new array.</summary>
    /// <param name="format">The length format.</param>
    /// <returns>The encoded command.</returns>
    /// <exception cref="ExtendedLengthNotSupportedException">The format is short and the command does not fit.</exception>
    public byte[] ToArray(ApduLengthFormat format = ApduLengthFormat.Auto)
    {
        var buffer = new byte[GetEncodedLength(format)];
        TryEncode(buffer, format, out _);
        return buffer;
    }

    /// <summary>
    /// Decodes a command APDU, as a card does. The command data is copied, so the returned
    /// command does not reference <paramref name="encoded"/>.
    /// </summary>
    /// <param name="encoded">The encoded command.</param>
    /// <returns>The command.</returns>
    /// <exception cref="CardDataFormatException">The bytes are not a well-formed command APDU.</exception>
    public static CommandApdu Parse(ReadOnlySpan<byte> encoded)
    {
        if (encoded.Length < 4)
        {
            throw Malformed(encoded.Length, "a command APDU needs at least the 4 header bytes");
        }

        var cla = encoded[0];
        var ins = encoded[1];
        if (!ClassByte.IsValid(cla) || (ins & 0xF0) is 0x60 or 0x90)
        {
            throw Malformed(encoded.Length, string.Format(CultureInfo.InvariantCulture, "the header '{0:X2} {1:X2}' has an invalid CLA or INS", cla, ins));
        }

        var body = encoded[4..];
        int nc = 0, ne = 0, dataOffset = 0;
        if (body.Length == 0)
        {
            // case 1
        }
        else if (body.Length == 1)
        {
            ne = body[0] == 0 ? 256 : body[0];
        }
        else if (body[0] != 0)
        {
            nc = body[0];
            dataOffset = 1;
            if (body.Length == 1 + nc)
            {
                // case 3 short
            }
            else if (body.Length == 2 + nc)
            {
                ne = body[1 + nc] == 0 ? 256 : body[1 + nc];
            }
            else
            {
                throw Malformed(encoded.Length, string.Format(CultureInfo.InvariantCulture, "short Lc says {0} data bytes but {1} bytes follow it", nc, body.Length - 1));
            }
        }
        else if (body.Length == 3)
        {
            var le = BinaryPrimitives.ReadUInt16BigEndian(body[1..]);
            ne = le == 0 ? 65_536 : le;
        }
        else
        {
            if (body.Length < 3)
            {
                throw Malformed(encoded.Length, "an extended length field is truncated");
            }

            nc = BinaryPrimitives.ReadUInt16BigEndian(body[1..]);
            dataOffset = 3;
            if (nc == 0)
            {
                throw Malformed(encoded.Length, "extended Lc is zero");
            }

            if (body.Length == 3 + nc)
            {
                // case 3 extended
            }
            else if (body.Length == 5 + nc)
            {
                var le = BinaryPrimitives.ReadUInt16BigEndian(body[(3 + nc)..]);
                ne = le == 0 ? 65_536 : le;
            }
            else
            {
                throw Malformed(encoded.Length, string.Format(CultureInfo.InvariantCulture, "extended Lc says {0} data bytes but {1} bytes follow it", nc, body.Length - 3));
            }
        }

        var data = nc == 0 ? ReadOnlyMemory<byte>.Empty : body.Slice(dataOffset, nc).ToArray();
        return new CommandApdu(cla, ins, encoded[2], encoded[3], data, ne);
    }

    /// <summary>Describes the command by header and lengths; the data is never shown.</summary>
    /// <returns>For example <c>00 A4 04 00 Nc=9 Ne=256</c>.</returns>
    public override string ToString() =>
        string.Format(CultureInfo.InvariantCulture, "{0:X2} {1:X2} {2:X2} {3:X2} Nc={4} Ne={5}", Cla, Ins, P1, P2, Nc, Ne);

    private bool UsesExtended(ApduLengthFormat format)
    {
        switch (format)
        {
            case ApduLengthFormat.ShortOnly:
                if (RequiresExtendedLength)
                {
                    throw new ExtendedLengthNotSupportedException(string.Format(
                        CultureInfo.InvariantCulture,
                        "Command {0} needs extended length (Nc ≤ 255 and Ne ≤ 256 in short form), which the card does not support; split the data or enable command chaining.",
                        this));
                }

                return false;
            case ApduLengthFormat.Extended:
                return true;
            default:
                return RequiresExtendedLength;
        }
    }

    private static CardDataFormatException Malformed(int length, string reason) =>
        new(string.Format(CultureInfo.InvariantCulture, "Malformed command APDU ({0} bytes): {1}.", length, reason));
}
