using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using Casd.Card.Enrolment;
using Casd.Card.Interface;
using Casd.Card.Transport;

namespace Casd.Card.Cli.Commands;

/// <summary><c>casd-card info</c>: the card's public objects, lifecycle and biometric status.</summary>
internal sealed class InfoCommand(Func<ICardReaderProvider>? readers = null) : ICliCommand
{
    public Command Build()
    {
        var source = new CardSourceOptions(readers);
        var json = CommonOptions.Json();
        var command = new Command("info", "Show a card's public objects, lifecycle and biometric status.");
        source.AddTo(command);
        command.Add(json);
        command.SetAction((result, cancellationToken) => RunAsync(source.Create(result), result.GetValue(json), result.InvocationConfiguration.Output, result.InvocationConfiguration.Error, cancellationToken));
        return command;
    }

    private static Task<int> RunAsync(CardSources.CardSource source, bool json, TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
        CardCommandRunner.RunAsync("info", error, async () =>
        {
            await using var connected = await source.OpenAsync(cancellationToken);
            var card = connected;
            var info = await card.ReadInfoAsync(cancellationToken);
            var validity = info.Enrolment is { } e ? new EnrolmentPolicy(TimeProvider.System).CheckValidity(e.FullEnrolmentDate, e.CardIssueDate) : null;
            string? subject = null;
            DateTime? notAfter = null;
            if (info.Certificate is { } der)
            {
                using var certificate = X509CertificateLoader.LoadCertificate(der.Span);
                subject = certificate.Subject;
                notAfter = certificate.NotAfter.ToUniversalTime();
            }

            if (json)
            {
                JsonOutput.Write(output, new
                {
                    info.Serial,
                    info.Lifecycle,
                    InterfaceVersion = info.InterfaceVersion.ToString(),
                    info.Holder,
                    info.Project,
                    info.Enrolment,
                    Validity = validity,
                    Fingers = info.Biometrics.Fingers,
                    info.HasKeyPair,
                    Certificate = subject is null ? null : new { Subject = subject, NotAfter = notAfter },
                });
                return ExitCodes.Success;
            }

            output.WriteLine($"Card {info.Serial} via {source.Description}");
            output.WriteLine($"  lifecycle          {info.Lifecycle}");
            output.WriteLine($"  interface          {info.InterfaceVersion}");
            output.WriteLine($"  holder             {(info.Holder is { } h ? $"{h.HolderId} {h.GivenNames} {h.FamilyName}".Trim() : "(not written)")}");
            output.WriteLine($"  project            {(info.Project is { } p ? $"{p.ProjectCode} {p.ProjectTitle}".Trim() : "(not written)")}");
            if (info.Enrolment is { } r)
            {
                output.WriteLine($"  enrolment          {r.Kind}, {(r.IsExpress ? "express" : "full")}, full enrolment {r.FullEnrolmentDate:yyyy-MM-dd}, issued {r.CardIssueDate:yyyy-MM-dd}, conditions {r.GeneralConditionsVersion}");
                output.WriteLine($"  validity           {(validity!.IsValid ? "valid" : "NOT VALID")}: {validity.Reason}");
            }
            else
            {
                output.WriteLine("  enrolment          (not written)");
            }

            foreach (var f in info.Biometrics.Fingers)
            {
                var state = !f.IsEnrolled ? "not enrolled" : f.IsBlocked ? "BLOCKED" : $"enrolled, {f.RetriesLeft}/{f.MaxRetries} tries left";
                output.WriteLine($"  finger {(f.Reference == FingerReference.Primary ? 1 : 2)} ({(int)f.Reference:X2})      {state}");
            }

            output.WriteLine($"  key pair           {(info.HasKeyPair ? "generated" : "none")}");
            output.WriteLine($"  certificate        {(subject is null ? "none" : $"{subject}, valid until {notAfter:yyyy-MM-dd}")}");
            return ExitCodes.Success;
        });
}
