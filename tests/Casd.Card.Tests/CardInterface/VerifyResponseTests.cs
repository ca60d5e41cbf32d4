using Casd.Card.Interface;
using Casd.Card.Iso7816;

namespace Casd.Card.Tests.CardInterface;

/// <summary>The status-word map of VERIFY (docs/card-interface.md), beside the command.</summary>
public class VerifyResponseTests
{
    [Theory]
    [InlineData(0x9000, VerificationOutcome.Match, 0)]
    [InlineData(0x63C4, VerificationOutcome.NoMatch, 4)]
    [InlineData(0x63C1, VerificationOutcome.NoMatch, 1)]
    [InlineData(0x63C0, VerificationOutcome.Blocked, 0)]
    [InlineData(0x6983, VerificationOutcome.Blocked, 0)]
    [InlineData(0x6A80, VerificationOutcome.TemplateRejected, 0)]
    public void Each_documented_status_word_has_its_outcome(int sw, VerificationOutcome outcome, int retriesLeft)
    {
        var response = new VerifyResponse(new ResponseApdu(ReadOnlyMemory<byte>.Empty, new StatusWord((ushort)sw)));
        Assert.Equal(outcome, response.Outcome);
        Assert.Equal(retriesLeft, response.RetriesLeft);
        Assert.Equal((ushort)sw, response.StatusWord.Value);
    }

    [Theory]
    [InlineData(0x6A88)]
    [InlineData(0x6982)]
    [InlineData(0x6985)]
    [InlineData(0x6700)]
    public void Any_other_status_word_is_no_outcome(int sw)
    {
        Assert.Null(VerifyResponse.Map(new StatusWord((ushort)sw)).Outcome);
    }
}
