using Casd.Card.Biometrics;

namespace Casd.Card.Reliability.Fuzzing.Targets;

/// <summary>
/// ISO/IEC 19794-2 (2005, 2011) and ANSI INCITS 378 (2004, 2009) finger minutiae records: the
/// reader, then the conversion to the compact card format a capture goes through before VERIFY.
/// </summary>
internal sealed class MinutiaeRecordTarget : FuzzTarget
{
    public override string Name => "minutiae-record";

    public override IEnumerable<byte[]> Seeds(FuzzWorld world) => SyntheticRecords.AllFormats(7, 12);

    protected override void Parse(byte[] input)
    {
        using (var record = FingerMinutiaeRecord.Parse(input))
        {
            foreach (var view in record.Views)
            {
                _ = view.Minutiae.Length;
            }
        }

        using var capture = CompactCardTemplate.FromRecord(input, BiometricMatchingParameters.Default);
        _ = capture.Minutiae.Length;
    }

    protected override bool IsRefusal(Exception exception) => exception is BiometricDataFormatException;
}
