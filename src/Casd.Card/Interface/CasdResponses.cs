using System.Globalization;
using Casd.Card.Iso7816;

namespace Casd.Card.Interface;

/// <summary>Parsers of the interface's simple data objects and command responses.</summary>
public static class CasdResponses
{
    /// <summary>The length of the card serial number.</summary>
    public const int CardSerialLength = 8;

    /// <summary>Decodes the card serial ('DF20', 8 bytes).</summary>
    /// <param name="encoded">The data object as GET DATA returns it.</param>
    /// <returns>The serial as upper-case hexadecimal.</returns>
    /// <exception cref="CardDataFormatException">The bytes are malformed.</exception>
    public static string ParseCardSerial(ReadOnlySpan<byte> encoded)
    {
        var value = InterfaceFields.Unwrap(encoded, CasdTags.CardSerial, "card serial (DF20)");
        if (value.Length != CardSerialLength)
        {
            throw InterfaceFields.Fault("card serial (DF20)", string.Format(CultureInfo.InvariantCulture, "it must be {0} bytes, found {1}", CardSerialLength, value.Length));
        }

        return Convert.ToHexString(value);
    }

    /// <summary>Decodes the lifecycle state ('DF21').</summary>
    /// <param name="encoded">The data object as GET DATA returns it.</param>
    /// <returns>The state.</returns>
    /// <exception cref="CardDataFormatException">The bytes are malformed or the state is unknown.</exception>
    public static CardLifecycleState ParseLifecycle(ReadOnlySpan<byte> encoded) =>
        DecodeLifecycle(InterfaceFields.Unwrap(encoded, CasdTags.Lifecycle, "lifecycle (DF21)"), "lifecycle (DF21)");

    /// <summary>Decodes the card's public key template ('7F49' with '86'): an uncompressed P-256 point.</summary>
    /// <param name="encoded">The data object as GENERATE ASYMMETRIC KEY PAIR or GET DATA returns it.</param>
    /// <returns>The 65-byte uncompressed point 04 || X || Y.</returns>
    /// <exception cref="CardDataFormatException">The bytes are malformed.</exception>
    public static byte[] ParsePublicKey(ReadOnlySpan<byte> encoded)
    {
        const string Name = "public key (7F49)";
        var reader = new BerTlvReader(InterfaceFields.Unwrap(encoded, CasdTags.PublicKey, Name));
        if (!reader.TryFind(CasdTags.EcPoint, out var point))
        {
            throw InterfaceFields.Missing(Name, CasdTags.EcPoint);
        }

        if (point.Length != 65 || point[0] != 0x04)
        {
            throw InterfaceFields.Fault(Name, "the point must be an uncompressed P-256 point of 65 bytes starting with 04");
        }

        return point.ToArray();
    }

    /// <summary>Decodes the certificate object ('DF22').</summary>
    /// <param name="encoded">The data object as GET DATA returns it.</param>
    /// <returns>The DER certificate bytes (not validated as X.509 here).</returns>
    /// <exception cref="CardDataFormatException">The bytes are malformed.</exception>
    public static byte[] ParseCertificate(ReadOnlySpan<byte> encoded)
    {
        var value = InterfaceFields.Unwrap(encoded, CasdTags.Certificate, "certificate (DF22)");
        if (value.Length == 0 || value[0] != 0x30)
        {
            throw InterfaceFields.Fault("certificate (DF22)", "the value is not a DER SEQUENCE");
        }

        return value.ToArray();
    }

    /// <summary>Decodes a login GENERAL AUTHENTICATE response: '7C' { 'BF40' statement, '82' signature }, nothing else.</summary>
    /// <param name="encoded">The response data.</param>
    /// <returns>The encoded statement (exactly the bytes the card signed) and the DER ECDSA signature.</returns>
    /// <exception cref="CardDataFormatException">The bytes are malformed; the statement is parsed strictly too.</exception>
    public static (byte[] Statement, byte[] Signature) ParseGeneralAuthenticate(ReadOnlySpan<byte> encoded)
    {
        const string Name = "GENERAL AUTHENTICATE response (7C)";
        var reader = new BerTlvReader(InterfaceFields.Unwrap(encoded, CasdTags.DynamicAuthenticationTemplate, Name));
        if (!reader.HasData)
        {
            throw InterfaceFields.Missing(Name, CasdTags.LoginStatement);
        }

        var statement = reader.Read();
        if (statement.Tag != CasdTags.LoginStatement)
        {
            throw InterfaceFields.Fault(Name, "the login statement (BF40) must come first");
        }

        var statementBytes = statement.Encoded.ToArray();
        LoginStatement.Parse(statementBytes);
        if (!reader.HasData)
        {
            throw InterfaceFields.Missing(Name, CasdTags.Response);
        }

        var signature = reader.Read();
        if (signature.Tag != CasdTags.Response || reader.HasData)
        {
            throw InterfaceFields.Fault(Name, "the signature (82) must follow the statement, and nothing after it");
        }

        return (statementBytes, CheckSignature(signature.Value, Name).ToArray());
    }

    internal static CardLifecycleState DecodeLifecycle(ReadOnlySpan<byte> value, string name)
    {
        var b = InterfaceFields.ReadByte(value, name, "the lifecycle state");
        return b switch
        {
            0x03 or 0x04 or 0x05 or 0x0C => (CardLifecycleState)b,
            _ => throw InterfaceFields.Fault(name, string.Format(CultureInfo.InvariantCulture, "lifecycle byte {0:X2} is not a CASD state", b)),
        };
    }

    private static ReadOnlySpan<byte> CheckSignature(ReadOnlySpan<byte> signature, string name)
    {
        // An ECDSA P-256 DER signature is SEQUENCE { INTEGER r, INTEGER s }: 8 to 72 bytes.
        if (signature.Length is < 8 or > 72 || signature[0] != 0x30 || signature[1] != signature.Length - 2)
        {
            throw InterfaceFields.Fault(name, "the signature is not a DER ECDSA P-256 signature");
        }

        return signature;
    }
}
