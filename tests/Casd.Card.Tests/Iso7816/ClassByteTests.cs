using Casd.Card.Iso7816;

namespace Casd.Card.Tests.Iso7816;

public class ClassByteTests
{
    [Theory]
    [InlineData(0x00, 0)]
    [InlineData(0x03, 3)]
    [InlineData(0x0C, 0)]
    [InlineData(0x40, 4)]
    [InlineData(0x4F, 19)]
    [InlineData(0x60, 4)]
    [InlineData(0x80, 0)]
    [InlineData(0x84, 0)]
    [InlineData(0x81, 1)]
    [InlineData(0xC1, 5)]
    public void Logical_channel_is_read_from_both_codings(byte cla, int channel) =>
        Assert.Equal(channel, ClassByte.GetLogicalChannel(cla));

    [Fact]
    public void Every_channel_round_trips_for_interindustry_and_proprietary_classes()
    {
        foreach (byte baseCla in new byte[] { 0x00, 0x10, 0x80, 0x90 })
        {
            for (var channel = 0; channel <= ClassByte.MaxLogicalChannel; channel++)
            {
                var cla = ClassByte.WithLogicalChannel(baseCla, channel);
                Assert.Equal(channel, ClassByte.GetLogicalChannel(cla));
                Assert.Equal(ClassByte.IsChaining(baseCla), ClassByte.IsChaining(cla));
                Assert.Equal(ClassByte.IsProprietary(baseCla), ClassByte.IsProprietary(cla));
            }
        }
    }

    [Fact]
    public void Secure_messaging_indication_survives_a_channel_change()
    {
        Assert.Equal(SecureMessagingIndication.HeaderAuthenticated, ClassByte.GetSecureMessaging(0x0C));
        Assert.Equal(SecureMessagingIndication.Proprietary, ClassByte.GetSecureMessaging(0x84));
        Assert.Equal(0x0E, ClassByte.WithLogicalChannel(0x0C, 2));
        // channels 4-19 have one SM bit: any indication becomes "header not authenticated"
        var further = ClassByte.WithLogicalChannel(0x0C, 7);
        Assert.Equal(0x63, further);
        Assert.Equal(SecureMessagingIndication.HeaderNotAuthenticated, ClassByte.GetSecureMessaging(further));
        Assert.Equal(SecureMessagingIndication.None, ClassByte.GetSecureMessaging(ClassByte.WithLogicalChannel(0x00, 7)));
    }

    [Fact]
    public void Chaining_bit_is_b5()
    {
        Assert.Equal(0x10, ClassByte.WithChaining(0x00, true));
        Assert.Equal(0x94, ClassByte.WithChaining(0x84, true));
        Assert.Equal(0x84, ClassByte.WithChaining(0x94, false));
        Assert.True(ClassByte.IsChaining(0x10));
    }

    [Fact]
    public void Out_of_range_channels_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ClassByte.WithLogicalChannel(0x00, 20));
        Assert.Throws<ArgumentOutOfRangeException>(() => ClassByte.WithLogicalChannel(0x00, -1));
        Assert.False(ClassByte.IsValid(0xFF));
    }
}
