using Casd.Card.Biometrics;

namespace Casd.Card.Cli.Evaluation;

/// <summary>What <c>casd-card eval</c> was asked to do; the command only parses its arguments into this.</summary>
/// <param name="Folder">The folder of FVC-named records.</param>
/// <param name="Out">Where to write scores.csv, det.png and summary.md, or <see langword="null"/>.</param>
/// <param name="ThroughApdu">Whether to enrol and verify through the simulated card's APDUs.</param>
/// <param name="Level">The security level the card decides at.</param>
/// <param name="Protocol">Which comparisons to run.</param>
/// <param name="LeaveOneDatabaseOut">Whether to run the tolerance study on a folder of databases instead (<see cref="ToleranceStudy"/>).</param>
internal sealed record EvaluationOptions(string Folder, string? Out, bool ThroughApdu, MatchSecurityLevel Level, EvaluationProtocol Protocol, bool LeaveOneDatabaseOut = false);
