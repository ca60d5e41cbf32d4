namespace Casd.Card.Reliability.Fuzzing;

/// <summary>Bytes captured from a live in-process enrolment and login, in the forms each parser sees them.</summary>
internal sealed record FuzzSamples
{
    public required byte[] Fci { get; init; }

    public required byte[] BiometricTemplates { get; init; }

    public required byte[] InitializeUpdateResponse { get; init; }

    public required byte[] KeyAgreementResponse { get; init; }

    public required byte[] LoginInformation { get; init; }

    public required byte[] LoginStatement { get; init; }

    public required byte[] AssertionJson { get; init; }

    /// <summary>Command APDUs as the wire carried them during the enrolment and the login, protected ones included.</summary>
    public required IReadOnlyList<byte[]> Commands { get; init; }

    /// <summary>Response APDUs (data and status word) from the same session.</summary>
    public required IReadOnlyList<byte[]> Responses { get; init; }

    /// <summary>The finger records enrolled, in every format we write.</summary>
    public required IReadOnlyList<byte[]> Records { get; init; }
}
