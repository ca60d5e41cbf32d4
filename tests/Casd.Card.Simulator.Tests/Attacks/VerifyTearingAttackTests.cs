using Casd.Card.Biometrics;
using Casd.Card.Interface;
using Casd.Card.Iso7816;
using Casd.Card.SecureChannel;
using Casd.Card.Simulator.Matching;
using Casd.Card.Simulator.SecureChannel;
using Casd.Card.Simulator.Tests.Support;

namespace Casd.Card.Simulator.Tests.Attacks;

/// <summary>
/// docs/attacks.md, "brute force of VERIFY with the power cut": a thief tries impostor fingers and
/// pulls the card (or cuts the reader's power) as soon as the card starts writing, hoping to see
/// the comparison without paying the try. The card commits the decremented counter before it
/// compares, so a cut either comes before the comparison or after the try was paid.
/// </summary>
public sealed class VerifyTearingAttackTests : IDisposable
{
    private const string SerialHex = "C45D0000000A7AC2";
    private static readonly byte[] Finger = CardHarness.Minutiae(73);
    private static readonly byte[] Impostor = CardHarness.Minutiae(74);
    private readonly DevelopmentScp11bAuthority _ca = DevelopmentScp11bAuthority.Create();
    private readonly Scp11bCardCredentials _credentials;
    private readonly CounterCheckingMatcher _matcher = new();

    public VerifyTearingAttackTests()
    {
        _credentials = _ca.IssueCardCredentials(SerialHex);
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Cutting_the_power_at_the_first_write_of_every_VERIFY_still_costs_a_try_and_blocks_after_five()
    {
        await using var h = await IssuedCardAsync();
        for (var attempt = 1; attempt <= CasdCardInterface.MaxRetries; attempt++)
        {
            using (var channel = await OpenLoginAsync(h))
            {
                h.Card.TearAfterNvmWrites(1);
                await Assert.ThrowsAsync<CardPowerLostException>(async () => await channel.TransmitAsync(CasdCommands.Verify(FingerReference.Primary, Impostor.ToArray()), Token));
            }

            await h.ReconnectAsync();
            await h.SelectAsync();
            Assert.Equal(0, _matcher.Compared);
            Assert.Equal(CasdCardInterface.MaxRetries - attempt, (await h.BiometricStatusAsync())[FingerReference.Primary].RetriesLeft);
        }

        // Five torn attempts, no comparison seen, and the holder's own finger is now blocked.
        using var last = await OpenLoginAsync(h);
        Assert.Equal(0x6983, (await last.TransmitAsync(CasdCommands.Verify(FingerReference.Primary, Finger.ToArray()), Token)).StatusWord.Value);
        Assert.Equal(0, _matcher.Compared);
    }

    [Fact]
    public async Task Every_comparison_runs_with_its_try_already_paid_in_NVM()
    {
        await using var h = await IssuedCardAsync();
        using var channel = await OpenLoginAsync(h);
        for (var left = CasdCardInterface.MaxRetries - 1; left >= 1; left--)
        {
            Assert.Equal(0x63C0 | left, (await channel.TransmitAsync(CasdCommands.Verify(FingerReference.Primary, Impostor.ToArray()), Token)).StatusWord.Value);
        }

        (await channel.TransmitAsync(CasdCommands.Verify(FingerReference.Primary, Finger.ToArray()), Token)).EnsureSuccess();

        // At each comparison, NVM already held the counter minus one: 4, 3, 2, 1 for the impostors, then 0 for the last try.
        Assert.Equal([4, 3, 2, 1, 0], _matcher.CounterAtComparison);
        var status = BiometricStatus.Parse((await channel.TransmitAsync(CasdCommands.GetData(CasdTags.BiometricStatus), Token)).EnsureSuccess().Data.Span);
        Assert.Equal(CasdCardInterface.MaxRetries, status[FingerReference.Primary].RetriesLeft);
    }

    public void Dispose() => _ca.Dispose();

    private async Task<CardHarness> IssuedCardAsync()
    {
        var h = await CardHarness.CreateAsync(new SimulatedCardOptions
        {
            Serial = Convert.FromHexString(SerialHex),
            Matcher = _matcher,
            Scp11bCredentials = new CardScp11bCredentials(_credentials.PrivateKeyPkcs8.ToArray(), [_credentials.Certificate.ToArray()]),
        });
        _matcher.ReadCounter = () => h.Card.Store.Read("ctr.96")![0];
        await h.PersonaliseAsync(Finger, issue: true);
        await h.SelectAsync();
        return h;
    }

    private async Task<ScpChannel> OpenLoginAsync(CardHarness h)
    {
        await h.SelectAsync();
        return await Scp11b.OpenAsync(h.Pipeline, new Scp11bOptions { TrustAnchors = [_ca.Certificate], ExpectedCardSerial = SerialHex }, cancellationToken: Token);
    }

    /// <summary>The card's own matcher, watched: it notes what NVM says of the retry counter when a comparison starts.</summary>
    private sealed class CounterCheckingMatcher : IOnCardMatcher
    {
        public Func<int>? ReadCounter { get; set; }

        public List<int> CounterAtComparison { get; } = [];

        public int Compared => CounterAtComparison.Count;

        public string Name => LocalStructureMatcher.Instance.Name;

        public int Compare(ReadOnlySpan<byte> reference, ReadOnlySpan<byte> probe)
        {
            CounterAtComparison.Add(ReadCounter!());
            return LocalStructureMatcher.Instance.Compare(reference, probe);
        }

        public int GetThreshold(MatchSecurityLevel level) => LocalStructureMatcher.Instance.GetThreshold(level);
    }
}
