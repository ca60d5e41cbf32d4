using Casd.Card.Transport;

namespace Casd.Card.Tests.TestDoubles;

/// <summary>
/// A card that expects an exact sequence of command APDUs and answers each with a scripted
/// response; anything unexpected fails the test at once. Records what it received.
/// </summary>
internal sealed class ScriptedCardConnection : ICardConnection
{
    private readonly Queue<(byte[]? Expected, byte[] Response)> _script = new();
    private readonly Func<byte[], byte[]>? _responder;

    public ScriptedCardConnection()
    {
    }

    /// <summary>A card that computes each answer, for open-ended exchanges such as a card that answers 61xx forever.</summary>
    public ScriptedCardConnection(Func<byte[], byte[]> responder) => _responder = responder;

    public List<byte[]> Received { get; } = [];

    public string ReaderName => "scripted";

    public ReadOnlyMemory<byte> Atr => new byte[] { 0x3B, 0x00 };

    public CardProtocol Protocol => CardProtocol.T1;

    public ScriptedCardConnection Expect(string commandHex, string responseHex)
    {
        _script.Enqueue((Convert.FromHexString(commandHex.Replace(" ", "", StringComparison.Ordinal)), Convert.FromHexString(responseHex.Replace(" ", "", StringComparison.Ordinal))));
        return this;
    }

    public ScriptedCardConnection AnswerAnything(byte[] response)
    {
        _script.Enqueue((null, response));
        return this;
    }

    public int Remaining => _script.Count;

    public ValueTask<int> TransmitAsync(ReadOnlyMemory<byte> command, Memory<byte> response, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var sent = command.ToArray();
        Received.Add(sent);
        byte[] answer;
        if (_responder is not null)
        {
            answer = _responder(sent);
        }
        else
        {
            Assert.True(_script.Count > 0, $"unexpected extra command {Convert.ToHexString(sent)}");
            var (expected, scripted) = _script.Dequeue();
            if (expected is not null)
            {
                Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(sent));
            }

            answer = scripted;
        }

        answer.CopyTo(response);
        return ValueTask.FromResult(answer.Length);
    }

    public ValueTask ResetAsync(CardResetKind kind, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask<ICardTransaction> BeginTransactionAsync(CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The scripted card has no transactions.");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
