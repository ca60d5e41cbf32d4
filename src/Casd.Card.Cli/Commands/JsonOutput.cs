using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Casd.Card.Cli.Commands;

/// <summary>
/// The <c>--json</c> output of every command: camelCase names, enums as their names, nulls left out.
/// </summary>
/// <remarks>
/// The encoder is <see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/>, so <c>+</c> in a base64
/// signature, <c>&lt;</c>, <c>&amp;</c>, <c>'</c> and accented names in a holder record print as
/// themselves instead of <c>\u002B</c>. The default encoder escapes them only so that JSON can be pasted
/// into HTML or a &lt;script&gt; block; this output goes to a terminal, a pipe or a file read by a JSON
/// parser, never into a page. What a terminal could act on stays escaped: quotes, backslashes and every
/// control character (ESC included, so text read from a card cannot inject terminal escape sequences).
/// </remarks>
internal static class JsonOutput
{
    /// <summary>Gets the options of the one indented object a command prints.</summary>
    public static JsonSerializerOptions Indented { get; } = Create(writeIndented: true);

    /// <summary>Gets the options of JSON lines (one compact object a line), as <c>monitor --json</c> prints.</summary>
    public static JsonSerializerOptions Lines { get; } = Create(writeIndented: false);

    /// <summary>Writes one indented JSON object and a new line.</summary>
    /// <param name="output">Standard output.</param>
    /// <param name="value">The object.</param>
    public static void Write(TextWriter output, object value) => output.WriteLine(JsonSerializer.Serialize(value, Indented));

    /// <summary>Writes one JSON object on one line.</summary>
    /// <param name="output">Standard output.</param>
    /// <param name="value">The object.</param>
    public static void WriteLine(TextWriter output, object value) => output.WriteLine(JsonSerializer.Serialize(value, Lines));

    private static JsonSerializerOptions Create(bool writeIndented)
    {
        var options = new JsonSerializerOptions
        {
            WriteIndented = writeIndented,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            Converters = { new JsonStringEnumConverter() },
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
