using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Casd.Card.Iso7816;

namespace Casd.Card.Interface;

/// <summary>
/// What the card signs at login (tag 'BF40', docs/card-interface.md): built by the card from its
/// own records, so the host supplies only the audience hash and the challenge and cannot make the
/// card claim another project, enrolment kind or date. The card signs the encoded object exactly
/// as it returns it.
/// </summary>
/// <remarks>
/// Fields, in this order and each once: '80' the domain-separation tag "CASD-LOGIN", '81' the
/// format version ('02'), '82' SHA-256 of the audience (32 bytes), '83' the challenge (16 to 64
/// bytes), '84' the card serial (8 bytes), '85' the project code (1 to 32 UTF-8 bytes), '86' the
/// enrolment kind ('01' standard, '02' health), '87' the full-enrolment date (8 ASCII digits
/// YYYYMMDD), '88' the finger reference that matched ('96' or '97'), '89' flags ('01' matched on
/// the card, '02' express enrolment; other bits zero), '8A' the signature counter (4 bytes,
/// big-endian, at least 1).
/// </remarks>
public sealed record LoginStatement
{
    /// <summary>The format version this library reads and writes.</summary>
    public const byte CurrentVersion = 2;

    /// <summary>The length of an audience hash: SHA-256.</summary>
    public const int AudienceHashLength = 32;

    /// <summary>Flag bit: the comparison was made on the card.</summary>
    public const byte MatchedOnCardFlag = 0x01;

    /// <summary>Flag bit: the card was issued at an express enrolment.</summary>
    public const byte ExpressFlag = 0x02;

    private const string Name = "login statement (BF40)";

    /// <summary>Gets the domain-separation tag that opens every statement: nothing else the card key signs starts like this.</summary>
    public static ReadOnlySpan<byte> DomainTag => "CASD-LOGIN"u8;

    /// <summary>Gets the format version.</summary>
    public required byte Version { get; init; }

    /// <summary>Gets SHA-256 of the audience, the remote-access server's identifier (<see cref="HashAudience"/>).</summary>
    public required ReadOnlyMemory<byte> AudienceHash { get; init; }

    /// <summary>Gets the server's challenge.</summary>
    public required ReadOnlyMemory<byte> Challenge { get; init; }

    /// <summary>Gets the card serial, 16 upper-case hexadecimal digits.</summary>
    public required string CardSerial { get; init; }

    /// <summary>Gets the project code from the card's project object.</summary>
    public required string ProjectCode { get; init; }

    /// <summary>Gets the enrolment kind from the card's enrolment record.</summary>
    public required EnrolmentKind Kind { get; init; }

    /// <summary>Gets the full-enrolment date from the card's enrolment record.</summary>
    public required DateOnly FullEnrolmentDate { get; init; }

    /// <summary>Gets the finger reference that matched.</summary>
    public required FingerReference Finger { get; init; }

    /// <summary>Gets whether the comparison was made on the card.</summary>
    public required bool MatchedOnCard { get; init; }

    /// <summary>Gets whether the card was issued at an express enrolment.</summary>
    public required bool IsExpress { get; init; }

    /// <summary>Gets the card's signature counter: it rises with every signature and never goes back.</summary>
    public required uint SignatureCounter { get; init; }

    /// <summary>Hashes an audience identifier as the card receives it: SHA-256 of its UTF-8 bytes.</summary>
    /// <param name="audience">The remote-access server's identifier, for example its URL.</param>
    /// <returns>32 bytes.</returns>
    public static byte[] HashAudience(string audience)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(audience);
        return SHA256.HashData(Encoding.UTF8.GetBytes(audience));
    }

    /// <summary>Parses a statement strictly: every field present once, in order, with its exact length; nothing else.</summary>
    /// <param name="encoded">The 'BF40' object.</param>
    /// <returns>The statement.</returns>
    /// <exception cref="CardDataFormatException">The bytes are not a well-formed statement of a known version.</exception>
    public static LoginStatement Parse(ReadOnlySpan<byte> encoded)
    {
        var reader = new BerTlvReader(InterfaceFields.Unwrap(encoded, CasdTags.LoginStatement, Name));
        var domain = Next(ref reader, 0x80);
        if (!domain.SequenceEqual(DomainTag))
        {
            throw InterfaceFields.Fault(Name, "the domain-separation tag is not CASD-LOGIN");
        }

        var version = InterfaceFields.ReadByte(Next(ref reader, 0x81), Name, "the version");
        if (version != CurrentVersion)
        {
            throw InterfaceFields.Fault(Name, string.Format(CultureInfo.InvariantCulture, "format version {0} is not supported (this library reads {1})", version, CurrentVersion));
        }

        var audience = Next(ref reader, 0x82);
        if (audience.Length != AudienceHashLength)
        {
            throw InterfaceFields.Fault(Name, "the audience hash must be 32 bytes");
        }

        var challenge = Next(ref reader, 0x83);
        if (challenge.Length is < CasdCardInterface.MinChallengeLength or > CasdCardInterface.MaxChallengeLength)
        {
            throw InterfaceFields.Fault(Name, string.Format(CultureInfo.InvariantCulture, "the challenge must be {0} to {1} bytes", CasdCardInterface.MinChallengeLength, CasdCardInterface.MaxChallengeLength));
        }

        var serial = Next(ref reader, 0x84);
        if (serial.Length != 8)
        {
            throw InterfaceFields.Fault(Name, "the card serial must be 8 bytes");
        }

        var project = InterfaceFields.ReadText(Next(ref reader, 0x85), Name, "the project code", 1, 32);
        var kind = InterfaceFields.ReadByte(Next(ref reader, 0x86), Name, "the enrolment kind") switch
        {
            1 => EnrolmentKind.Standard,
            2 => EnrolmentKind.Health,
            _ => throw InterfaceFields.Fault(Name, "the enrolment kind must be 01 (standard) or 02 (health)"),
        };
        var full = InterfaceFields.ReadDate(Next(ref reader, 0x87), Name, "the full-enrolment date");
        var finger = InterfaceFields.ReadByte(Next(ref reader, 0x88), Name, "the finger reference") switch
        {
            0x96 => FingerReference.Primary,
            0x97 => FingerReference.Secondary,
            _ => throw InterfaceFields.Fault(Name, "the finger reference must be 96 or 97"),
        };
        var flags = InterfaceFields.ReadByte(Next(ref reader, 0x89), Name, "the flags");
        if ((flags & ~(MatchedOnCardFlag | ExpressFlag)) != 0)
        {
            throw InterfaceFields.Fault(Name, "unknown flag bits are set");
        }

        var counterBytes = Next(ref reader, 0x8A);
        if (counterBytes.Length != 4)
        {
            throw InterfaceFields.Fault(Name, "the signature counter must be 4 bytes");
        }

        var counter = BinaryPrimitives.ReadUInt32BigEndian(counterBytes);
        if (counter == 0)
        {
            throw InterfaceFields.Fault(Name, "the signature counter starts at 1");
        }

        if (reader.HasData)
        {
            throw InterfaceFields.Fault(Name, "data follows the signature counter");
        }

        return new LoginStatement
        {
            Version = version,
            AudienceHash = audience.ToArray(),
            Challenge = challenge.ToArray(),
            CardSerial = Convert.ToHexString(serial),
            ProjectCode = project,
            Kind = kind,
            FullEnrolmentDate = full,
            Finger = finger,
            MatchedOnCard = (flags & MatchedOnCardFlag) != 0,
            IsExpress = (flags & ExpressFlag) != 0,
            SignatureCounter = counter,
        };
    }

    /// <summary>Parses a statement strictly, without throwing: for a verifier that must turn every input into a refusal.</summary>
    /// <param name="encoded">The 'BF40' object.</param>
    /// <param name="statement">The statement, when well formed.</param>
    /// <param name="error">Why not, otherwise.</param>
    /// <returns>Whether the bytes are a well-formed statement of a known version.</returns>
    public static bool TryParse(ReadOnlySpan<byte> encoded, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out LoginStatement? statement, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        try
        {
            statement = Parse(encoded);
            error = null;
            return true;
        }
        catch (CardDataFormatException ex)
        {
            statement = null;
            error = ex.Message;
            return false;
        }
    }

    /// <summary>Reads only the format version of what claims to be a statement, to tell an unknown version from garbage.</summary>
    /// <param name="encoded">The bytes.</param>
    /// <returns>The version byte, or <see langword="null"/> when the bytes do not start like a statement.</returns>
    public static byte? PeekVersion(ReadOnlySpan<byte> encoded)
    {
        try
        {
            var outer = new BerTlvReader(encoded);
            var template = outer.Read();
            if (template.Tag != CasdTags.LoginStatement)
            {
                return null;
            }

            var reader = template.CreateReader();
            var domain = reader.Read();
            var version = reader.Read();
            return domain.Tag == 0x80 && domain.Value.SequenceEqual(DomainTag) && version.Tag == 0x81 && version.Value.Length == 1 ? version.Value[0] : null;
        }
        catch (CardDataFormatException)
        {
            return null;
        }
    }

    /// <summary>Encodes the statement as the card does (for tests and tools; the card writes its own bytes).</summary>
    /// <returns>The 'BF40' object.</returns>
    public byte[] Encode()
    {
        using var writer = new BerTlvWriter(160);
        using (writer.PushConstructed(CasdTags.LoginStatement))
        {
            writer.Write(0x80, DomainTag);
            writer.Write(0x81, Version);
            writer.Write(0x82, AudienceHash.Span);
            writer.Write(0x83, Challenge.Span);
            writer.Write(0x84, Convert.FromHexString(CardSerial));
            writer.Write(0x85, InterfaceFields.EncodeText(ProjectCode, nameof(ProjectCode), 1, 32));
            writer.Write(0x86, (byte)Kind);
            writer.Write(0x87, InterfaceFields.EncodeDate(FullEnrolmentDate));
            writer.Write(0x88, (byte)Finger);
            writer.Write(0x89, (byte)((MatchedOnCard ? MatchedOnCardFlag : 0) | (IsExpress ? ExpressFlag : 0)));
            Span<byte> counter = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(counter, SignatureCounter);
            writer.Write(0x8A, counter);
        }

        return writer.ToArray();
    }

    private static ReadOnlySpan<byte> Next(ref BerTlvReader reader, uint tag)
    {
        if (!reader.HasData)
        {
            throw InterfaceFields.Missing(Name, tag);
        }

        var element = reader.Read();
        return element.Tag == tag ? element.Value : throw InterfaceFields.Fault(Name, string.Format(CultureInfo.InvariantCulture, "expected tag '{0:X2}' next, found '{1:X}'", tag, element.Tag));
    }
}
