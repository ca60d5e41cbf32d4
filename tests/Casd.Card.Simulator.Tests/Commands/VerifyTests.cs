using Casd.Card.Interface;
using Casd.Card.Iso7816;
using Casd.Card.Simulator.Tests.Support;

namespace Casd.Card.Simulator.Tests.Commands;

public sealed class VerifyTests
{
    private static readonly byte[] Enrolled = CardHarness.Minutiae(11);
    private static readonly byte[] Impostor = CardHarness.Minutiae(12);

    [Fact]
    public async Task Verify_accepts_the_wrapped_and_the_bare_form()
    {
        await using var h = await CardHarness.CreateAsync();
        await h.PersonaliseAsync(Enrolled);
        Assert.Equal(0x9000, await h.SwAsync(CasdCommands.Verify(FingerReference.Primary, CasdCommands.EncodeBiometricTemplate(Enrolled))));
        Assert.Equal(FingerReference.Primary, (await h.BiometricStatusAsync()).VerifiedReference);
        Assert.Equal(0x9000, await h.SwAsync(CasdCommands.ClearVerification(FingerReference.Primary)));
        Assert.Null((await h.BiometricStatusAsync()).VerifiedReference);
        Assert.Equal(0x9000, await h.SwAsync(CasdCommands.Verify(FingerReference.Primary, Enrolled.ToArray())));
    }

    [Fact]
    public async Task Verify_counts_down_blocks_and_success_restores()
    {
        await using var h = await CardHarness.CreateAsync();
        await h.PersonaliseAsync(Enrolled);
        Assert.Equal(0x63C4, await h.SwAsync(CasdCommands.Verify(FingerReference.Primary, Impostor.ToArray())));
        Assert.Equal(0x63C3, await h.SwAsync(CasdCommands.Verify(FingerReference.Primary, Impostor.ToArray())));
        Assert.Equal(0x63C3, await h.SwAsync(CasdCommands.VerifyStatus(FingerReference.Primary)));
        Assert.Equal(0x9000, await h.SwAsync(CasdCommands.Verify(FingerReference.Primary, Enrolled.ToArray())));
        Assert.Equal(5, (await h.BiometricStatusAsync())[FingerReference.Primary].RetriesLeft);
        for (var left = 4; left >= 0; left--)
        {
            Assert.Equal(0x63C0 | left, await h.SwAsync(CasdCommands.Verify(FingerReference.Primary, Impostor.ToArray())));
        }

        Assert.Equal(0x6983, await h.SwAsync(CasdCommands.Verify(FingerReference.Primary, Enrolled.ToArray())));
        Assert.Equal(0x6983, await h.SwAsync(CasdCommands.VerifyStatus(FingerReference.Primary)));
        var status = (await h.BiometricStatusAsync())[FingerReference.Primary];
        Assert.True(status.IsBlocked);
        Assert.Equal(0, status.RetriesLeft);
    }

    [Fact]
    public async Task Empty_verify_reports_the_status()
    {
        await using var h = await CardHarness.CreateAsync();
        await h.PersonaliseAsync(Enrolled);
        Assert.Equal(0x63C5, await h.SwAsync(CasdCommands.VerifyStatus(FingerReference.Primary)));
        Assert.Equal(0x6A88, await h.SwAsync(CasdCommands.VerifyStatus(FingerReference.Secondary)));
        Assert.Equal(0x9000, await h.SwAsync(CasdCommands.Verify(FingerReference.Primary, Enrolled.ToArray())));
        Assert.Equal(0x9000, await h.SwAsync(CasdCommands.VerifyStatus(FingerReference.Primary)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Malformed_probe_is_refused_without_touching_the_counter(int fault)
    {
        await using var h = await CardHarness.CreateAsync();
        await h.PersonaliseAsync(Enrolled);
        await h.SwAsync(CasdCommands.Verify(FingerReference.Primary, Impostor.ToArray()));
        byte[] probe = fault switch
        {
            0 => Enrolled[..^1],
            1 => CardHarness.Minutiae(4, 5),
            2 => [0x7F, 0x2E, 0x03, 0x82, 0x01, 0x00],
            _ => [.. Enrolled[..^3], 0x10, 0x10, 0xC0],
        };
        var before = h.Card.NvmWriteCount;
        Assert.Equal(0x6A80, await h.SwAsync(CasdCommands.Verify(FingerReference.Primary, probe)));
        Assert.Equal(before, h.Card.NvmWriteCount);
        Assert.Equal(4, (await h.BiometricStatusAsync())[FingerReference.Primary].RetriesLeft);
    }

    [Fact]
    public async Task Verify_parameter_and_state_errors()
    {
        await using var h = await CardHarness.CreateAsync();
        await h.SelectAsync();
        await h.OpenDeskAsync();
        Assert.Equal(0x6A88, await h.SwAsync(CasdCommands.Verify(FingerReference.Primary, Enrolled.ToArray())));
        Assert.Equal(0x6A88, await h.SwAsync(new CommandApdu(0x00, 0x20, 0x00, 0x80, Enrolled.ToArray())));
        Assert.Equal(0x6A86, await h.SwAsync(new CommandApdu(0x00, 0x20, 0x01, 0x96, Enrolled.ToArray())));
        Assert.Equal(0x6700, await h.SwAsync(new CommandApdu(0x00, 0x20, 0xFF, 0x96, Enrolled.ToArray())));
    }

    [Fact]
    public async Task A_wrong_attempt_clears_an_earlier_verification()
    {
        await using var h = await CardHarness.CreateAsync();
        await h.PersonaliseAsync(Enrolled);
        Assert.Equal(0x9000, await h.SwAsync(CasdCommands.Verify(FingerReference.Primary, Enrolled.ToArray())));
        Assert.Equal(0x63C4, await h.SwAsync(CasdCommands.Verify(FingerReference.Primary, Impostor.ToArray())));
        Assert.Null((await h.BiometricStatusAsync()).VerifiedReference);
    }

    [Fact]
    public async Task Counter_is_committed_before_the_comparison()
    {
        // The matcher sees the NVM already decremented: pulling the card during the comparison costs a try.
        var store = new Casd.Card.Simulator.Nvm.MemoryNvmStore();
        var spy = new SpyMatcher(store);
        await using var h = await CardHarness.CreateAsync(new SimulatedCardOptions { Matcher = spy }, store);
        await h.PersonaliseAsync(Enrolled);
        await h.SwAsync(CasdCommands.Verify(FingerReference.Primary, Enrolled.ToArray()));
        Assert.Equal(4, spy.CounterSeen);
        Assert.Equal(5, (await h.BiometricStatusAsync())[FingerReference.Primary].RetriesLeft);
    }

    private sealed class SpyMatcher(Casd.Card.Simulator.Nvm.INvmStore store) : Casd.Card.Simulator.Matching.IOnCardMatcher
    {
        public int CounterSeen { get; private set; } = -1;

        public string Name => "spy";

        public int Compare(ReadOnlySpan<byte> reference, ReadOnlySpan<byte> probe)
        {
            CounterSeen = store.Read("ctr.96")![0];
            return Casd.Card.Simulator.Matching.ExactPairingMatcher.Instance.Compare(reference, probe);
        }

        public int GetThreshold(Casd.Card.Biometrics.MatchSecurityLevel level) => Casd.Card.Simulator.Matching.ExactPairingMatcher.Instance.GetThreshold(level);
    }
}
