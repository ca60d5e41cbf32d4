using Casd.Card.Interface;
using Casd.Card.Iso7816;
using Casd.Card.Simulator.Tests.Support;
using Casd.Card.Simulator.Transport;
using Casd.Card.Transport;

namespace Casd.Card.Simulator.Tests.Transport;

public sealed class FaultInjectionTests
{
    [Fact]
    public async Task Latency_delays_the_answer_without_changing_it()
    {
        var faults = new FaultPlan { Latency = TimeSpan.FromMilliseconds(50) };
        await using var h = await CardHarness.CreateAsync(faults: faults);
        var pending = h.Pipeline.TransmitAsync(CasdCommands.Select(), TestContext.Current.CancellationToken);
        Assert.False(pending.IsCompleted);
        Assert.Equal(0x9000, (await pending).StatusWord.Value);
    }

    [Fact]
    public async Task The_link_drops_after_n_apdus()
    {
        await using var h = await CardHarness.CreateAsync(faults: new FaultPlan { DropLinkAfter = 2 });
        await h.SelectAsync();
        Assert.Equal(0x9000, await h.SwAsync(CasdCommands.GetData(CasdTags.CardSerial)));
        await Assert.ThrowsAsync<CardCommunicationException>(() => h.SendAsync(CasdCommands.GetData(CasdTags.CardSerial)));
        await Assert.ThrowsAsync<CardCommunicationException>(() => h.SendAsync(CasdCommands.GetData(CasdTags.CardSerial)));
    }

    [Fact]
    public async Task A_corrupted_status_word_reaches_the_host()
    {
        await using var h = await CardHarness.CreateAsync(faults: new FaultPlan { CorruptResponseAt = 2, CorruptOffset = -2, CorruptMask = 0xF0 });
        await h.SelectAsync();
        var response = await h.SendAsync(CasdCommands.GetData(CasdTags.CardSerial));
        Assert.Equal(0x6000, response.StatusWord.Value);
    }

    [Fact]
    public async Task A_corrupted_data_byte_is_caught_by_the_parser()
    {
        await using var h = await CardHarness.CreateAsync(faults: new FaultPlan { CorruptResponseAt = 2, CorruptOffset = 0, CorruptMask = 0x01 });
        await h.SelectAsync();
        var response = await h.SendAsync(CasdCommands.GetData(CasdTags.CardSerial));
        Assert.Throws<CardDataFormatException>(() => CasdResponses.ParseCardSerial(response.Data.Span));
    }

    [Fact]
    public async Task Removal_during_enrolment_leaves_the_old_or_the_new_reference()
    {
        for (var writes = 1; writes <= 6; writes++)
        {
            // Rules off: the fault plan counts APDUs and NVM writes, which an SCP03 handshake would shift.
            var faults = new FaultPlan { RemoveCardAt = 2, RemoveAfterNvmWrites = writes };
            await using var h = await CardHarness.CreateAsync(CardHarness.RulesOff, faults: faults);
            await h.SelectAsync();
            h.Card.GrantPersonalisationAuthority();
            await Assert.ThrowsAsync<CardRemovedException>(() => h.SendAsync(CasdCommands.ChangeReferenceData(FingerReference.Primary, CasdCommands.EncodeBiometricTemplate(CardHarness.Minutiae(61)))));
            Assert.Null(h.Reader.Card);
            await Assert.ThrowsAsync<CardRemovedException>(() => h.SendAsync(CasdCommands.Select()));
            h.Reader.Faults = null;
            await h.ReconnectAsync();
            await h.SelectAsync();
            var status = (await h.BiometricStatusAsync())[FingerReference.Primary];
            Assert.Equal(writes >= 3, status.IsEnrolled);
        }
    }

    [Fact]
    public async Task Removal_after_the_command_loses_only_the_response()
    {
        // Rules off: the fault plan counts APDUs, which an SCP03 handshake would shift.
        var faults = new FaultPlan { RemoveCardAt = 2 };
        await using var h = await CardHarness.CreateAsync(CardHarness.RulesOff, faults: faults);
        await h.SelectAsync();
        h.Card.GrantPersonalisationAuthority();
        await Assert.ThrowsAsync<CardRemovedException>(() => h.SendAsync(CasdCommands.PutData(CardHarness.Holder.Encode())));
        h.Reader.Faults = null;
        await h.ReconnectAsync();
        await h.SelectAsync();
        Assert.Equal(0x9000, await h.SwAsync(CasdCommands.GetData(CasdTags.Holder)));
    }

    [Fact]
    public async Task Removing_and_inserting_a_card()
    {
        await using var h = await CardHarness.CreateAsync();
        var changes = 0;
        h.Reader.CardChanged += (_, _) => changes++;
        await h.SelectAsync();
        Assert.Same(h.Card, h.Reader.Remove());
        Assert.False(h.Card.IsPowered);
        await Assert.ThrowsAsync<CardRemovedException>(() => h.SendAsync(CasdCommands.Select()));
        await Assert.ThrowsAsync<CardRemovedException>(async () => await h.Reader.ConnectAsync(TestContext.Current.CancellationToken));
        await h.ReconnectAsync();
        await h.SelectAsync();
        Assert.Equal(2, changes);
        Assert.Throws<InvalidOperationException>(() => h.Reader.Insert(new SimulatedCard()));
    }

    [Fact]
    public async Task Transactions_are_exclusive()
    {
        await using var h = await CardHarness.CreateAsync();
        var first = await h.Connection.BeginTransactionAsync(TestContext.Current.CancellationToken);
        var second = h.Connection.BeginTransactionAsync(TestContext.Current.CancellationToken).AsTask();
        Assert.False(second.IsCompleted);
        await first.EndAsync(CardDisposition.Leave, TestContext.Current.CancellationToken);
        await (await second).DisposeAsync();
    }
}
