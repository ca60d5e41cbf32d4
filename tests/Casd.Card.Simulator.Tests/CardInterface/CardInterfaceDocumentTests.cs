using System.Text.RegularExpressions;
using Casd.Card.Interface;
using Casd.Card.Iso7816;
using Casd.Card.Simulator.Application;
using Casd.Card.Simulator.Tests.Support;

namespace Casd.Card.Simulator.Tests.CardInterface;

/// <summary>
/// docs/card-interface.md is one truth for both sides: every example in its "Examples" section is
/// a hex block that the host's encoder must reproduce byte for byte, the host's parser must read
/// back, and, for objects the card writes, the simulated card must answer with.
/// </summary>
public sealed partial class CardInterfaceDocumentTests
{
    private static readonly byte[] Serial = Convert.FromHexString("C45D0000000000A1");
    private static readonly HolderIdentity Holder = new("R-2024-0042", "Durand", "Camille");
    private static readonly ProjectInfo Project = new("P-HEALTH-7", "Hospital stays");
    private static readonly EnrolmentRecord Standard = new(EnrolmentKind.Standard, new DateOnly(2024, 3, 1), new DateOnly(2025, 6, 2), false, "2024.1");
    private static readonly EnrolmentRecord Health = new(EnrolmentKind.Health, new DateOnly(2024, 3, 1), new DateOnly(2025, 6, 2), true, "2024.1");
    private static readonly byte[] Audience = LoginStatement.HashAudience("https://remote.casd.example");
    private static readonly byte[] Challenge = Enumerable.Range(0, 16).Select(i => (byte)(0xA0 + i)).ToArray();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static TheoryData<string> ExampleNames => new(Examples().Keys);

    [Fact]
    public void The_document_has_an_example_for_every_object_this_test_knows()
    {
        Assert.Equal(
            ["biometric-status", "enrolment-health", "enrolment-standard", "fci", "general-authenticate", "holder", "login-statement", "project", "scp03-status"],
            Examples().Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(ExampleNames))]
    public async Task Each_example_is_what_the_host_encodes_and_parses_and_the_card_answers(string name)
    {
        var expected = Examples()[name];
        var (host, card) = await EncodeAsync(name);
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(host));
        if (card is not null)
        {
            Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(card));
        }
    }

    private static async Task<(byte[] Host, byte[]? Card)> EncodeAsync(string name)
    {
        switch (name)
        {
            case "holder":
                Assert.Equal(Holder, HolderIdentity.Parse(Holder.Encode()));
                return (Holder.Encode(), null);
            case "project":
                Assert.Equal(Project, ProjectInfo.Parse(Project.Encode()));
                return (Project.Encode(), null);
            case "enrolment-standard":
                Assert.Equal(Standard, EnrolmentRecord.Parse(Standard.Encode()));
                return (Standard.Encode(), null);
            case "enrolment-health":
                Assert.Equal(Health, EnrolmentRecord.Parse(Health.Encode()));
                return (Health.Encode(), null);
            case "general-authenticate":
                return (CasdCommands.GeneralAuthenticate(Audience, Challenge).Data.ToArray(), null);
            case "scp03-status":
            {
                await using var h = await CardHarness.CreateAsync(new SimulatedCardOptions { Serial = Serial });
                await h.SelectAsync();
                var card = (await h.SendAsync(CasdCommands.GetData(CasdTags.SecureChannelStatus))).EnsureSuccess().Data.ToArray();
                return (card, card);
            }

            case "fci":
            {
                await using var h = await CardHarness.CreateAsync(new SimulatedCardOptions { Serial = Serial });
                var card = (await h.SendAsync(CasdCommands.Select())).EnsureSuccess().Data.ToArray();
                var fci = CasdFci.Parse(card);
                Assert.Equal(new Version(2, 0), fci.InterfaceVersion);
                Assert.Equal(Convert.ToHexString(Serial), fci.Serial);
                return (card, card);
            }

            case "biometric-status":
            {
                await using var h = await PersonalisedAsync();
                var card = (await h.SendAsync(CasdCommands.GetData(CasdTags.BiometricStatus))).EnsureSuccess().Data.ToArray();
                var status = BiometricStatus.Parse(card);
                return (status.Encode(), card);
            }

            case "login-statement":
            {
                var host = new LoginStatement
                {
                    Version = LoginStatement.CurrentVersion,
                    AudienceHash = Audience,
                    Challenge = Challenge,
                    CardSerial = Convert.ToHexString(Serial),
                    ProjectCode = Project.ProjectCode,
                    Kind = Health.Kind,
                    FullEnrolmentDate = Health.FullEnrolmentDate,
                    Finger = FingerReference.Primary,
                    MatchedOnCard = true,
                    IsExpress = Health.IsExpress,
                    SignatureCounter = 1,
                }.Encode();
                await using var h = await PersonalisedAsync();
                var card = LoginStatementCard.Build(h.Card.Nvm, Audience, Challenge, FingerReference.Primary, 1)!;
                return (host, card);
            }

            default:
                throw new ArgumentException("No encoder for example " + name, nameof(name));
        }
    }

    /// <summary>A card with the examples' serial, holder, project and health enrolment record, finger 1 enrolled.</summary>
    private static async Task<CardHarness> PersonalisedAsync()
    {
        var h = await CardHarness.CreateAsync(new SimulatedCardOptions { Serial = Serial });
        await h.SelectAsync();
        await h.OpenDeskAsync();
        foreach (var data in new[] { Holder.Encode(), Project.Encode(), Health.Encode() })
        {
            (await h.SendAsync(CasdCommands.PutData(data))).EnsureSuccess();
        }

        (await h.SendAsync(CasdCommands.ChangeReferenceData(FingerReference.Primary, CasdCommands.EncodeBiometricTemplate(CardHarness.Minutiae(7))))).EnsureSuccess();
        await h.SelectAsync();
        return h;
    }

    /// <summary>The "```hex NAME" blocks of docs/card-interface.md, by name.</summary>
    private static Dictionary<string, byte[]> Examples()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Casd.Card.sln")))
        {
            dir = dir.Parent;
        }

        var text = File.ReadAllText(Path.Combine(dir!.FullName, "docs", "card-interface.md"));
        return HexBlock().Matches(text).ToDictionary(
            m => m.Groups[1].Value,
            m => Convert.FromHexString(Regex.Replace(m.Groups[2].Value, @"\s+", string.Empty)),
            StringComparer.Ordinal);
    }

    [GeneratedRegex(@"```hex (\S+)\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex HexBlock();
}
