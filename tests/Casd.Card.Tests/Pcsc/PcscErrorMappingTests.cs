using Casd.Card.Pcsc;
using Casd.Card.Transport;

namespace Casd.Card.Tests.Pcsc;

public class PcscErrorMappingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<uint> EveryCode
    {
        get
        {
            var data = new TheoryData<uint>();
            foreach (var code in Enum.GetValues<PcscErrorCode>().Where(c => c != PcscErrorCode.Success))
            {
                data.Add((uint)code);
            }

            return data;
        }
    }

    public static TheoryData<uint, Type> SpecificTypes => new()
    {
        { 0x8010001D, typeof(CardServiceUnavailableException) },
        { 0x8010001E, typeof(CardServiceUnavailableException) },
        { 0x80100018, typeof(CardServiceUnavailableException) },
        { 0x8010000B, typeof(CardSharingViolationException) },
        { 0x80100009, typeof(CardReaderNotFoundException) },
        { 0x80100017, typeof(CardReaderNotFoundException) },
        { 0x8010002E, typeof(CardReaderNotFoundException) },
        { 0x8010000C, typeof(CardNotPresentException) },
        { 0x80100069, typeof(CardRemovedException) },
        { 0x80100068, typeof(CardResetException) },
        { 0x80100066, typeof(CardUnresponsiveException) },
        { 0x80100067, typeof(CardUnresponsiveException) },
        { 0x8010000A, typeof(CardTimeoutException) },
        { 0x80100007, typeof(CardTimeoutException) },
        { 0x80100002, typeof(OperationCanceledException) },
        { 0x80100012, typeof(OperationCanceledException) },
        { 0x80100013, typeof(PcscException) },
        { 0x80100003, typeof(PcscException) },
    };

    [Theory]
    [MemberData(nameof(EveryCode))]
    public void Every_code_has_a_name_and_advice_and_maps_to_a_typed_exception_carrying_the_code(uint code)
    {
        var exception = PcscErrors.ToException(code, "SCardTransmit", "Reader 1", cancellationToken: Ct);

        Assert.StartsWith("SCARD_", PcscErrors.Name(code), StringComparison.Ordinal);
        Assert.DoesNotContain("unknown PC/SC code", PcscErrors.Advice(code), StringComparison.Ordinal);
        Assert.True(exception is CardException or OperationCanceledException, exception.GetType().Name);
        Assert.Contains(PcscErrors.Name(code), exception.Message, StringComparison.Ordinal);
        Assert.Contains($"0x{code:X8}", exception.Message, StringComparison.Ordinal);
        Assert.Contains("SCardTransmit", exception.Message, StringComparison.Ordinal);
        Assert.Contains("'Reader 1'", exception.Message, StringComparison.Ordinal);
        var pcsc = exception as PcscException ?? Assert.IsType<PcscException>(exception.InnerException);
        Assert.Equal(code, pcsc.ErrorCode);
        Assert.Equal("SCardTransmit", pcsc.Function);
    }

    [Theory]
    [MemberData(nameof(SpecificTypes))]
    public void The_codes_a_caller_acts_on_get_their_own_type(uint code, Type expected)
    {
        Assert.IsType(expected, PcscErrors.ToException(code, "SCardConnect", cancellationToken: Ct));
    }

    [Fact]
    public void No_service_says_to_install_and_start_pcscd()
    {
        var exception = PcscErrors.ToException(0x8010001D, "SCardEstablishContext", cancellationToken: Ct);
        Assert.Contains("pcscd", exception.Message, StringComparison.Ordinal);
        Assert.Contains("install", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_code_is_still_a_pcsc_exception_with_the_code()
    {
        var exception = Assert.IsType<PcscException>(PcscErrors.ToException(0x0000_006D, "SCardTransmit", cancellationToken: Ct));
        Assert.Equal(0x6Du, exception.ErrorCode);
        Assert.Equal("0x0000006D", exception.ErrorCodeHex);
    }

    [Fact]
    public void Success_does_not_throw()
    {
        PcscErrors.ThrowIfFailed(0, "SCardTransmit", cancellationToken: Ct);
        Assert.Throws<CardRemovedException>(() => PcscErrors.ThrowIfFailed(0x80100069, "SCardTransmit", cancellationToken: Ct));
    }

    [Fact]
    public void The_service_lost_codes_are_the_ones_that_need_a_new_context()
    {
        Assert.True(PcscErrors.IsServiceLost(0x8010001D));
        Assert.True(PcscErrors.IsServiceLost(0x80100003));
        Assert.False(PcscErrors.IsServiceLost(0x8010000A));
        Assert.False(PcscErrors.IsServiceLost(0x80100069));
    }
}
