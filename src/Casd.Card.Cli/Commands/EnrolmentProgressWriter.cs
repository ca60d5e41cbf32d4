using Casd.Card.Enrolment;

namespace Casd.Card.Cli.Commands;

/// <summary>Prints each enrolment step as it happens (synchronously, so lines keep their order).</summary>
internal sealed class EnrolmentProgressWriter(TextWriter output, string indent) : IProgress<EnrolmentProgress>
{
    public void Report(EnrolmentProgress value)
    {
        if (value.State == EnrolmentStepState.Started)
        {
            return;
        }

        var mark = value.State switch
        {
            EnrolmentStepState.Completed => "done",
            EnrolmentStepState.AlreadyDone => "already done",
            _ => "FAILED",
        };
        output.WriteLine($"{indent}[{(int)value.Step}/7] {Describe(value.Step),-22} {mark}: {value.Detail}");
    }

    private static string Describe(EnrolmentStep step) => step switch
    {
        EnrolmentStep.DecideProcedure => "enrolment procedure",
        EnrolmentStep.OpenChannel => "secure channel",
        EnrolmentStep.WriteHolderData => "holder data",
        EnrolmentStep.InstallCertificate => "key and certificate",
        EnrolmentStep.EnrolFingers => "fingers",
        EnrolmentStep.ConnectionTest => "connection test",
        _ => "issue",
    };
}
