using Casd.Card.Interface;
using Casd.Card.Iso7816;
using Casd.Card.Simulator.Nvm;
using Casd.Card.Simulator.Tests.Support;

namespace Casd.Card.Simulator.Tests.Nvm;

/// <summary>
/// For every state-changing command, lose power after each of its NVM writes in turn, power up
/// again and check the card is in the state before the command or after one of its commits,
/// never in between, and that no retry counter went up.
/// </summary>
public sealed class TearingCampaignTests
{
    private static readonly byte[] Finger = CardHarness.Minutiae(41);
    private static readonly byte[] Impostor = CardHarness.Minutiae(42);

    private static readonly string[] ScenarioNames =
    [
        "put-holder", "put-certificate", "generate-key", "enrol", "enrol-again", "verify-match", "verify-mismatch",
        "verify-last-try", "reset-retry-counter", "activate", "deactivate", "reactivate", "terminate",
    ];

    public static TheoryData<string> Scenarios => new(ScenarioNames);

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Every_tear_point_leaves_an_old_or_a_committed_state(string scenario)
    {
        var (store, session, command, expectedCommits) = Prepare(scenario);

        // The untorn run gives the write count and the state after each commit.
        var allowed = new List<IReadOnlyDictionary<string, string>>();
        var reference = new SimulatedCard(store.Clone(), CardHarness.RulesOff);
        var old = reference.SnapshotNvm();
        allowed.Add(old);
        session(reference);
        reference.Nvm.Committed = () => allowed.Add(reference.Nvm.Snapshot());
        var before = reference.NvmWriteCount;
        var expectedResponse = reference.Transmit(command);
        var writes = (int)(reference.NvmWriteCount - before);
        var final = allowed[^1];
        Assert.Equal(expectedCommits, allowed.Count - 1);
        Assert.True(writes > 0, "the command must write NVM");

        for (var n = 1; n <= writes; n++)
        {
            var card = new SimulatedCard(store.Clone(), CardHarness.RulesOff);
            session(card);
            card.TearAfterNvmWrites(n);
            Assert.Throws<CardPowerLostException>(() => card.Transmit(command));
            Assert.False(card.IsPowered);
            card.PowerOn();
            var state = Normalise(card.SnapshotNvm(), old);
            Assert.True(allowed.Any(a => Same(Normalise(a, old), state)), $"{scenario}: tear after write {n} of {writes} left an intermediate state");
            if (!Same(state, Normalise(final, old)))
            {
                foreach (var counter in new[] { "ctr.96", "ctr.97" })
                {
                    if (old.TryGetValue(counter, out var was) && state.TryGetValue(counter, out var now))
                    {
                        Assert.True(Convert.ToByte(now, 16) <= Convert.ToByte(was, 16), $"{scenario}: tearing raised {counter}");
                    }
                }
            }

            // The card still works: the application answers consistently after power-up.
            Assert.Equal([0x90, 0x00], card.Transmit(CasdCommands.Select().ToArray())[^2..]);
            var status = card.Transmit(CasdCommands.GetData(CasdTags.BiometricStatus).ToArray());
            BiometricStatus.Parse(status.AsSpan(0, status.Length - 2));
        }

        // And the completed command still answers what it answered without tearing.
        Assert.NotEmpty(expectedResponse);
        TestContext.Current.TestOutputHelper?.WriteLine($"{scenario}: {writes} tear points, {expectedCommits} commit(s)");
    }

    [Fact]
    public void Campaign_covers_every_write_of_every_command()
    {
        var total = 0;
        foreach (var scenario in ScenarioNames)
        {
            var (store, session, command, _) = Prepare(scenario);
            var card = new SimulatedCard(store.Clone(), CardHarness.RulesOff);
            session(card);
            var before = card.NvmWriteCount;
            card.Transmit(command);
            total += (int)(card.NvmWriteCount - before);
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"Tearing campaign: {total} tear points over {ScenarioNames.Length} state-changing commands");
        Assert.True(total >= 2 * ScenarioNames.Length, $"only {total} tear points");
    }

    private static (MemoryNvmStore Store, Action<SimulatedCard> Session, byte[] Command, int Commits) Prepare(string scenario)
    {
        // About NVM atomicity, not the channel: the rules are off so the authority is granted
        // directly, and no SCP03 handshake (which writes its own counter) shifts the tear points.
        var store = new MemoryNvmStore();
        var card = new SimulatedCard(store, CardHarness.RulesOff with { Serial = new byte[8] });
        Send(card, CasdCommands.Select());
        card.GrantPersonalisationAuthority();
        void Admin(SimulatedCard c)
        {
            Send(c, CasdCommands.Select());
            c.GrantPersonalisationAuthority();
        }

        void Plain(SimulatedCard c) => Send(c, CasdCommands.Select());

        byte[] point;
        switch (scenario)
        {
            case "put-holder":
                return (store, Admin, CasdCommands.PutData(CardHarness.Holder.Encode()).ToArray(), 1);
            case "put-certificate":
                point = CasdResponses.ParsePublicKey(Send(card, CasdCommands.GenerateKeyPair()));
                return (store, Admin, CasdCommands.PutCertificate(CardHarness.CertificateFor(point)).ToArray(), 1);
            case "generate-key":
                Send(card, CasdCommands.GenerateKeyPair());
                return (store, Admin, CasdCommands.GenerateKeyPair().ToArray(), 1);
            case "enrol":
                return (store, Admin, CasdCommands.ChangeReferenceData(FingerReference.Primary, CasdCommands.EncodeBiometricTemplate(Finger)).ToArray(), 1);
            case "enrol-again":
                Send(card, CasdCommands.ChangeReferenceData(FingerReference.Primary, CasdCommands.EncodeBiometricTemplate(Impostor)));
                Send(card, CasdCommands.Verify(FingerReference.Primary, Finger.ToArray()));
                return (store, Admin, CasdCommands.ChangeReferenceData(FingerReference.Primary, CasdCommands.EncodeBiometricTemplate(Finger)).ToArray(), 1);
            case "verify-match":
                Personalise(card);
                Send(card, CasdCommands.Verify(FingerReference.Primary, Impostor.ToArray()));
                return (store, Plain, CasdCommands.Verify(FingerReference.Primary, Finger.ToArray()).ToArray(), 2);
            case "verify-mismatch":
                Personalise(card);
                return (store, Plain, CasdCommands.Verify(FingerReference.Primary, Impostor.ToArray()).ToArray(), 1);
            case "verify-last-try":
                Personalise(card);
                for (var i = 0; i < 4; i++)
                {
                    Send(card, CasdCommands.Verify(FingerReference.Primary, Impostor.ToArray()));
                }

                return (store, Plain, CasdCommands.Verify(FingerReference.Primary, Impostor.ToArray()).ToArray(), 1);
            case "reset-retry-counter":
                Personalise(card);
                Send(card, CasdCommands.Verify(FingerReference.Primary, Impostor.ToArray()));
                return (store, Admin, CasdCommands.ResetRetryCounter(FingerReference.Primary).ToArray(), 1);
            case "activate":
                Personalise(card);
                return (store, Admin, CasdCommands.Activate().ToArray(), 1);
            case "deactivate":
                Personalise(card);
                Send(card, CasdCommands.Activate());
                return (store, Admin, CasdCommands.Deactivate().ToArray(), 1);
            case "reactivate":
                Personalise(card);
                Send(card, CasdCommands.Activate());
                Send(card, CasdCommands.Deactivate());
                return (store, Admin, CasdCommands.Activate().ToArray(), 1);
            default:
                Personalise(card);
                Send(card, CasdCommands.Activate());
                return (store, Admin, CasdCommands.Terminate().ToArray(), 1);
        }
    }

    private static void Personalise(SimulatedCard card)
    {
        Send(card, CasdCommands.PutData(CardHarness.Holder.Encode()));
        Send(card, CasdCommands.PutData(CardHarness.Project.Encode()));
        Send(card, CasdCommands.PutData(CardHarness.Enrolment.Encode()));
        var point = CasdResponses.ParsePublicKey(Send(card, CasdCommands.GenerateKeyPair()));
        Send(card, CasdCommands.PutCertificate(CardHarness.CertificateFor(point)));
        Send(card, CasdCommands.ChangeReferenceData(FingerReference.Primary, CasdCommands.EncodeBiometricTemplate(Finger)));
    }

    private static byte[] Send(SimulatedCard card, CommandApdu command)
    {
        var response = card.Transmit(command.ToArray());
        var sw = (response[^2] << 8) | response[^1];
        Assert.True(sw is 0x9000 or (>= 0x63C0 and <= 0x63CF), $"setup command {command} answered {sw:X4}");
        return response[..^2];
    }

    /// <summary>Key generation is random: a key cell is compared as "the old key" or "a new key".</summary>
    private static Dictionary<string, string> Normalise(IReadOnlyDictionary<string, string> state, IReadOnlyDictionary<string, string> old)
    {
        var result = state.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        if (result.TryGetValue("key", out var key))
        {
            result["key"] = old.TryGetValue("key", out var oldKey) && oldKey == key ? "old key" : "new key";
        }

        return result;
    }

    private static bool Same(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
