using Casd.Card.Biometrics;

namespace Casd.Card.Cli.Evaluation;

/// <summary>One impression of an FVC folder, converted to compact-card minutiae as an enrolment desk would.</summary>
/// <param name="Finger">The finger number from the file name.</param>
/// <param name="Impression">The impression number from the file name.</param>
/// <param name="Name">The file name without its folder.</param>
/// <param name="Compact">The compact-card minutiae (3 bytes each).</param>
internal sealed record FvcTemplate(int Finger, int Impression, string Name, byte[] Compact)
{
    /// <summary>Gets the number of compact minutiae.</summary>
    public int MinutiaCount => Compact.Length / CompactMinutia.EncodedLength;
}
