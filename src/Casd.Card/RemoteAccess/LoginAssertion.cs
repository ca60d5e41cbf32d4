using System.Globalization;
using System.Text.Json;

namespace Casd.Card.RemoteAccess;

/// <summary>
/// What the remote-access client sends the server after a successful match-on-card: the statement
/// the card built and signed (<see cref="Interface.LoginStatement"/>), the signature, and the card's
/// certificate chain. Its wire form is a small JSON object (<see cref="ToJson"/>, <see cref="Parse"/>).
/// </summary>
/// <param name="Statement">The encoded 'BF40' login statement, exactly as the card signed it.</param>
/// <param name="Signature">ECDSA P-256 over SHA-256 of <paramref name="Statement"/>, DER-encoded (RFC 3279), made by the card.</param>
/// <param name="CertificateChain">The card certificate first, then any intermediates (DER), excluding the trust anchor.</param>
public sealed record LoginAssertion(
    ReadOnlyMemory<byte> Statement,
    ReadOnlyMemory<byte> Signature,
    IReadOnlyList<ReadOnlyMemory<byte>> CertificateChain)
{
    /// <summary>The value of the "format" member of the JSON form.</summary>
    public const string Format = "casd-login-assertion";

    /// <summary>The largest JSON form accepted: a statement, a signature and a short chain fit in far less.</summary>
    public const int MaxJsonLength = 32 * 1024;

    private const int MaxCertificates = 4;
    private const int MaxCertificateLength = 4096;
    private const int MaxStatementLength = 512;
    private const int MaxSignatureLength = 80;

    /// <summary>Writes the JSON form: {"format", "version", "statement", "signature", "certificates"}, byte fields in base64.</summary>
    /// <returns>UTF-8 JSON.</returns>
    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("format", Format);
            writer.WriteNumber("version", Interface.LoginStatement.CurrentVersion);
            writer.WriteBase64String("statement", Statement.Span);
            writer.WriteBase64String("signature", Signature.Span);
            writer.WriteStartArray("certificates");
            foreach (var certificate in CertificateChain)
            {
                writer.WriteBase64StringValue(certificate.Span);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Reads the JSON form strictly: the five members once each, nothing else, sizes bounded.</summary>
    /// <param name="json">UTF-8 JSON from the client.</param>
    /// <returns>The assertion.</returns>
    /// <exception cref="FormatException">The JSON is not a well-formed assertion; the message says why.</exception>
    public static LoginAssertion Parse(ReadOnlySpan<byte> json) =>
        TryParse(json, out var assertion, out var error) ? assertion : throw new FormatException("The login assertion is malformed: " + error + ".");

    /// <summary>Reads the JSON form strictly, without throwing.</summary>
    /// <param name="json">UTF-8 JSON from the client.</param>
    /// <param name="assertion">The assertion, when well formed.</param>
    /// <param name="error">Why not, otherwise.</param>
    /// <returns>Whether the JSON is a well-formed assertion.</returns>
    public static bool TryParse(ReadOnlySpan<byte> json, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out LoginAssertion? assertion, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        assertion = null;
        if (json.Length > MaxJsonLength)
        {
            error = string.Format(CultureInfo.InvariantCulture, "it is longer than {0} bytes", MaxJsonLength);
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 4 });
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "it is not a JSON object";
                return false;
            }

            string? format = null;
            int? version = null;
            byte[]? statement = null, signature = null;
            List<ReadOnlyMemory<byte>>? chain = null;
            foreach (var member in root.EnumerateObject())
            {
                var duplicate = member.Name switch
                {
                    "format" => format is not null,
                    "version" => version is not null,
                    "statement" => statement is not null,
                    "signature" => signature is not null,
                    "certificates" => chain is not null,
                    _ => throw new FormatException($"member '{Truncate(member.Name)}' is not part of an assertion"),
                };
                if (duplicate)
                {
                    throw new FormatException($"member '{member.Name}' appears twice");
                }

                switch (member.Name)
                {
                    case "format": format = member.Value.GetString(); break;
                    case "version": version = member.Value.GetInt32(); break;
                    case "statement": statement = Bytes(member.Value, "statement", MaxStatementLength); break;
                    case "signature": signature = Bytes(member.Value, "signature", MaxSignatureLength); break;
                    default:
                        if (member.Value.ValueKind != JsonValueKind.Array || member.Value.GetArrayLength() is 0 or > MaxCertificates)
                        {
                            throw new FormatException(string.Format(CultureInfo.InvariantCulture, "'certificates' must be an array of 1 to {0} certificates", MaxCertificates));
                        }

                        chain = [.. member.Value.EnumerateArray().Select(c => (ReadOnlyMemory<byte>)Bytes(c, "a certificate", MaxCertificateLength))];
                        break;
                }
            }

            if (format != Format)
            {
                throw new FormatException($"'format' must be \"{Format}\"");
            }

            if (version is null || statement is null || signature is null || chain is null)
            {
                throw new FormatException("'version', 'statement', 'signature' and 'certificates' are all required");
            }

            if (version != Interface.LoginStatement.CurrentVersion)
            {
                throw new FormatException(string.Format(CultureInfo.InvariantCulture, "version {0} is not supported (this library reads {1})", version, Interface.LoginStatement.CurrentVersion));
            }

            assertion = new LoginAssertion(statement, signature, chain);
            error = null;
            return true;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            // JsonException: not JSON; InvalidOperationException: a member of the wrong JSON type;
            // FormatException: bad base64 or a rule above.
            error = ex is JsonException ? "it is not valid JSON" : ex.Message;
            return false;
        }
    }

    private static byte[] Bytes(JsonElement element, string what, int maxLength)
    {
        var bytes = element.GetBytesFromBase64();
        return bytes.Length is > 0 && bytes.Length <= maxLength
            ? bytes
            : throw new FormatException(string.Format(CultureInfo.InvariantCulture, "{0} must be 1 to {1} bytes", what, maxLength));
    }

    private static string Truncate(string name) => name.Length <= 32 ? name : name[..32] + "…";
}
