using Casd.Card.Iso7816;
using CsCheck;

namespace Casd.Card.Tests.Iso7816;

public class CommandApduPropertyTests
{
    private static readonly Gen<CommandApdu> Commands =
        from cla in Gen.Byte.Where(b => b != 0xFF)
        from ins in Gen.Byte.Where(b => (b & 0xF0) is not (0x60 or 0x90))
        from p1 in Gen.Byte
        from p2 in Gen.Byte
        from nc in Gen.Frequency((4, Gen.Int[0, 255]), (2, Gen.Int[256, 1024]), (1, Gen.Int[60_000, 65_535]))
        from data in Gen.Byte.Array[nc]
        from ne in Gen.Frequency((4, Gen.Int[0, 256]), (2, Gen.Int[257, 65_536]), (1, Gen.Const(65_536)))
        select new CommandApdu(cla, ins, p1, p2, data, ne);

    private static void AssertSame(CommandApdu expected, CommandApdu actual)
    {
        Assert.Equal(expected.Cla, actual.Cla);
        Assert.Equal(expected.Ins, actual.Ins);
        Assert.Equal(expected.P1, actual.P1);
        Assert.Equal(expected.P2, actual.P2);
        Assert.Equal(expected.Ne, actual.Ne);
        Assert.True(expected.Data.Span.SequenceEqual(actual.Data.Span));
    }

    [Fact]
    public void Auto_encoding_round_trips() =>
        Commands.Sample(apdu => AssertSame(apdu, CommandApdu.Parse(apdu.ToArray())), iter: 300);

    [Fact]
    public void Extended_encoding_round_trips() =>
        Commands.Sample(apdu => AssertSame(apdu, CommandApdu.Parse(apdu.ToArray(ApduLengthFormat.Extended))), iter: 300);

    [Fact]
    public void Encoded_length_matches_what_is_written() =>
        Commands.Sample(
            apdu =>
            {
                var buffer = new byte[CommandApdu.MaxEncodedLength];
                Assert.True(apdu.TryEncode(buffer, ApduLengthFormat.Auto, out var written));
                Assert.Equal(apdu.GetEncodedLength(), written);
                if (!apdu.RequiresExtendedLength)
                {
                    Assert.True(written <= 4 + 1 + 255 + 1);
                }
            },
            iter: 200);

    [Fact]
    public void Parse_of_arbitrary_bytes_returns_a_command_or_a_typed_error() =>
        Gen.Byte.Array[0, 300].Sample(
            bytes =>
            {
                try
                {
                    var apdu = CommandApdu.Parse(bytes);
                    var extended = bytes.Length > 5 && bytes[4] == 0;
                    var again = apdu.ToArray(extended ? ApduLengthFormat.Extended : ApduLengthFormat.ShortOnly);
                    Assert.Equal(Convert.ToHexString(bytes), Convert.ToHexString(again));
                }
                catch (CardDataFormatException)
                {
                }
            },
            iter: 2000);
}
