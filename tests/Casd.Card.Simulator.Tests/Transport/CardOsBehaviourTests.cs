using Casd.Card.Interface;
using Casd.Card.Iso7816;
using Casd.Card.Simulator.Os;
using Casd.Card.Simulator.Tests.Support;
using Casd.Card.Simulator.Tracing;

namespace Casd.Card.Simulator.Tests.Transport;

public sealed class CardOsBehaviourTests
{
    [Fact]
    public void Atr_announces_t1_and_extended_length()
    {
        var atr = CardAtr.Bytes.ToArray();
        Assert.Equal(0x3B, atr[0]);
        Assert.Equal(0x81, atr[2] & 0x8F);
        Assert.Equal(0x31, atr[3]);
        var historical = atr.AsSpan(6, atr[1] & 0x0F).ToArray();
        Assert.Equal(new byte[] { 0x80, 0x73 }, historical[..2]);
        Assert.Equal(0x40, historical[4] & 0x40);
        byte tck = 0;
        foreach (var b in atr.AsSpan(1))
        {
            tck ^= b;
        }

        Assert.Equal(0, tck);
        Assert.Equal("3B858131FE45807380", CardAtr.Hex[..18]);
    }

    [Fact]
    public async Task T0_get_response_behaviour_is_transparent_to_the_pipeline()
    {
        await using var plain = await CardHarness.CreateAsync();
        await using var t0 = await CardHarness.CreateAsync(new SimulatedCardOptions { AnswerWithGetResponse = true, MaxResponseChunk = 40 }, capabilities: CardCapabilities.ShortOnly);
        var trace = new ApduTrace();
        t0.Card.Trace = trace;
        var a = await plain.SelectAsync();
        var b = await t0.SelectAsync();
        Assert.Equal(a.BitGroup.ToArray(), b.BitGroup.ToArray());
        Assert.Contains(trace.Entries, e => e.StatusWord?.Sw1 == 0x61);
        Assert.Contains(trace.Entries, e => e.Header.Span[1] == 0xC0);
    }

    [Fact]
    public async Task Wrong_length_6c_is_reissued_by_the_pipeline()
    {
        await using var h = await CardHarness.CreateAsync(new SimulatedCardOptions { AnswerWrongLengthWith6C = true });
        var trace = new ApduTrace();
        h.Card.Trace = trace;
        await h.SelectAsync();
        var response = await h.SendAsync(CasdCommands.GetData(CasdTags.CardSerial, expectedLength: 4));
        Assert.Equal(0x9000, response.StatusWord.Value);
        Assert.Equal(11, response.Data.Length);
        Assert.Contains(trace.Entries, e => e.StatusWord?.Value == 0x6C0B);
    }

    [Fact]
    public async Task Short_ne_gets_data_in_61xx_rounds()
    {
        var card = new SimulatedCard();
        card.Transmit(CasdCommands.Select().ToArray());
        var first = card.Transmit(CasdCommands.GetData(CasdTags.CardSerial, expectedLength: 4).ToArray());
        Assert.Equal(new byte[] { 0x61, 0x07 }, first[^2..]);
        Assert.Equal(6, first.Length);
        var rest = card.Transmit(new CommandApdu(0x00, 0xC0, 0x00, 0x00, expectedLength: 7).ToArray());
        Assert.Equal(new byte[] { 0x90, 0x00 }, rest[^2..]);
        Assert.Equal(9, rest.Length);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Extended_length_carries_a_large_response_in_one_apdu()
    {
        await using var h = await CardHarness.CreateAsync();
        var trace = new ApduTrace();
        h.Card.Trace = trace;
        await h.PersonaliseAsync(CardHarness.Minutiae(71));
        trace.Clear();
        var response = await h.SendAsync(CasdCommands.GetData(CasdTags.Certificate, 65536));
        Assert.True(response.Data.Length > 256);
        Assert.Single(trace.Entries);
    }

    [Fact]
    public async Task Chaining_errors()
    {
        var card = new SimulatedCard();
        card.Transmit(CasdCommands.Select().ToArray());
        Assert.Equal(new byte[] { 0x90, 0x00 }, card.Transmit(new CommandApdu(0x10, 0xDA, 0xBF, 0x20, new byte[] { 0xBF }).ToArray()));
        Assert.Equal(new byte[] { 0x68, 0x83 }, card.Transmit(new CommandApdu(0x00, 0xDA, 0xBF, 0x21, new byte[] { 0x00 }).ToArray()));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Trace_redacts_sensitive_commands()
    {
        // Rules off: the templates then cross in clear, the worst case for the trace to redact
        // (inside SCP03 the trace only ever sees ciphertext).
        await using var h = await CardHarness.CreateAsync(CardHarness.RulesOff);
        var trace = new ApduTrace();
        h.Card.Trace = trace;
        var minutiae = CardHarness.Minutiae(81);
        await h.PersonaliseAsync(minutiae);
        await h.SwAsync(CasdCommands.Verify(FingerReference.Primary, minutiae.ToArray()));
        var entries = trace.Entries;
        var select = entries.First(e => e.Header.Span[1] == 0xA4);
        Assert.False(select.IsRedacted);
        Assert.NotNull(select.ResponseData);
        var verify = entries.Last(e => e.Header.Span[1] == 0x20);
        Assert.True(verify.IsRedacted);
        Assert.Null(verify.CommandBytes);
        Assert.Equal((ushort)0x9000, verify.StatusWord!.Value.Value);
        var enrol = entries.First(e => e.Header.Span[1] == 0x24);
        var text = string.Join('\n', entries.Select(e => e.ToString()));
        Assert.DoesNotContain(Convert.ToHexString(minutiae.AsSpan(0, 12)), text, StringComparison.Ordinal);
        Assert.Contains("bytes redacted", enrol.ToString(), StringComparison.Ordinal);
        Assert.True(select.Sequence < verify.Sequence);
        Assert.True(verify.Duration >= TimeSpan.Zero);
        using var writer = new StringWriter();
        trace.WriteTo(writer);
        Assert.Equal(entries.Count, writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Secure_messaging_layer_sees_every_command()
    {
        var layer = new RecordingLayer();
        var card = new SimulatedCard { SecureMessaging = layer };
        card.Transmit(CasdCommands.Select().ToArray());
        var protectedCommand = new CommandApdu(0x04, 0xCA, 0xDF, 0x21, expectedLength: 256).ToArray();
        var response = card.Transmit(protectedCommand);
        Assert.Equal(new byte[] { 0xDF, 0x21, 0x01, 0x03, 0x90, 0x00, 0x90, 0x00 }, response);
        Assert.Equal(2, layer.Seen);
        Assert.Equal(1, layer.Unwrapped);
        Assert.Equal(SecureChannelKind.Scp03, card.SecurityStatus.Channel);
    }

    private sealed class RecordingLayer : ISecureMessagingLayer
    {
        public int Seen { get; private set; }

        public int Unwrapped { get; private set; }

        public bool TryHandle(CommandApdu command, LcEncoding lc, CardSecurityStatus status, out ResponseApdu response)
        {
            Seen++;
            response = default;
            return false;
        }

        public bool TryUnwrap(CommandApdu command, LcEncoding lc, CardSecurityStatus status, out CommandApdu plain, out StatusWord failure)
        {
            Unwrapped++;
            status.OpenChannel(SecureChannelKind.Scp03, CardSecurityStatus.CommandMac, personalisationAuthority: false);
            plain = command.WithCla(0x00);
            failure = default;
            return true;
        }

        public ResponseApdu Wrap(CommandApdu plainCommand, ResponseApdu response, CardSecurityStatus status) =>
            new(response.Data.ToArray().Concat(new byte[] { 0x90, 0x00 }).ToArray(), response.StatusWord);

        public void Reset()
        {
        }
    }
}
