using Casd.Card.Biometrics;
using Casd.Card.Interface;
using Casd.Card.Iso7816;
using Casd.Card.Simulator.Tests.Support;

namespace Casd.Card.Simulator.Tests.Commands;

public sealed class PersonalisationTests
{
    [Fact]
    public async Task Put_data_round_trips_holder_project_and_enrolment()
    {
        await using var h = await CardHarness.CreateAsync();
        await h.SelectAsync();
        await h.OpenDeskAsync();
        Assert.Equal(0x9000, await h.SwAsync(CasdCommands.PutData(CardHarness.Holder.Encode())));
        Assert.Equal(0x9000, await h.SwAsync(CasdCommands.PutData(CardHarness.Project.Encode())));
        Assert.Equal(0x9000, await h.SwAsync(CasdCommands.PutData(CardHarness.Enrolment.Encode())));
        Assert.Equal(CardHarness.Holder, HolderIdentity.Parse((await h.SendAsync(CasdCommands.GetData(CasdTags.Holder))).EnsureSuccess().Data.Span));
        Assert.Equal(CardHarness.Project, ProjectInfo.Parse((await h.SendAsync(CasdCommands.GetData(CasdTags.Project))).EnsureSuccess().Data.Span));
        Assert.Equal(CardHarness.Enrolment, EnrolmentRecord.Parse((await h.SendAsync(CasdCommands.GetData(CasdTags.EnrolmentRecord))).EnsureSuccess().Data.Span));
    }

    [Fact]
    public async Task Put_data_errors()
    {
        await using var h = await CardHarness.CreateAsync();
        await h.SelectAsync();
        Assert.Equal(0x6982, await h.SwAsync(CasdCommands.PutData(CardHarness.Holder.Encode())));
        await h.OpenDeskAsync();
        Assert.Equal(0x6A88, await h.SwAsync(new CommandApdu(0x00, 0xDA, 0xDF, 0x20, new byte[] { 0xDF, 0x20, 0x01, 0x00 })));
        Assert.Equal(0x6A80, await h.SwAsync(new CommandApdu(0x00, 0xDA, 0xBF, 0x20, new byte[] { 0xBF, 0x20, 0x03, 0x80, 0x01, 0x41 })));
        Assert.Equal(0x6A80, await h.SwAsync(new CommandApdu(0x00, 0xDA, 0xBF, 0x24, CardHarness.Holder.Encode())));
        Assert.Equal(0x6985, await h.SwAsync(CasdCommands.PutCertificate(CardHarness.CertificateFor(CardHarness.RandomPoint()))));
    }

    [Fact]
    public async Task Key_generation_returns_the_public_key_and_never_the_private_key()
    {
        await using var h = await CardHarness.CreateAsync();
        await h.SelectAsync();
        Assert.Equal(0x6982, await h.SwAsync(CasdCommands.GenerateKeyPair()));
        await h.OpenDeskAsync();
        Assert.Equal(0x6A86, await h.SwAsync(new CommandApdu(0x00, 0x47, 0x00, 0x9B, new byte[] { 0xAC, 0x03, 0x80, 0x01, 0x11 }, 256)));
        Assert.Equal(0x6A80, await h.SwAsync(new CommandApdu(0x00, 0x47, 0x00, 0x9A, new byte[] { 0xAC, 0x03, 0x80, 0x01, 0x07 }, 256)));
        var point = await h.GenerateKeyAsync();
        Assert.Equal(65, point.Length);
        var read = CasdResponses.ParsePublicKey((await h.SendAsync(CasdCommands.GetData(CasdTags.PublicKey))).EnsureSuccess().Data.Span);
        Assert.Equal(point, read);
    }

    [Fact]
    public async Task Certificate_must_match_the_card_key_and_a_new_key_drops_it()
    {
        await using var h = await CardHarness.CreateAsync(capabilities: CardCapabilities.ShortOnly);
        await h.SelectAsync();
        await h.OpenDeskAsync();
        var point = await h.GenerateKeyAsync();
        var other = CardHarness.RandomPoint();

        Assert.Equal(0x6A80, await h.SwAsync(CasdCommands.PutCertificate(CardHarness.CertificateFor(other))));
        Assert.Equal(0x6A80, await h.SwAsync(CasdCommands.PutCertificate(new byte[] { 0x30, 0x03, 0x02, 0x01, 0x00 })));
        var certificate = CardHarness.CertificateFor(point);

        // Short-only link: the certificate goes out with command chaining and comes back with GET RESPONSE.
        Assert.Equal(0x9000, await h.SwAsync(CasdCommands.PutCertificate(certificate)));
        Assert.True(certificate.Length > 255);
        Assert.Equal(certificate, CasdResponses.ParseCertificate((await h.SendAsync(CasdCommands.GetData(CasdTags.Certificate, 65536))).EnsureSuccess().Data.Span));
        await h.GenerateKeyAsync();
        Assert.Equal(0x6A88, await h.SwAsync(CasdCommands.GetData(CasdTags.Certificate)));
    }

    [Fact]
    public async Task Change_reference_data_enrols_and_announces_the_level()
    {
        await using var h = await CardHarness.CreateAsync();
        await h.SelectAsync();
        var template = CasdCommands.EncodeBiometricTemplate(CardHarness.Minutiae(7));
        Assert.Equal(0x6982, await h.SwAsync(CasdCommands.ChangeReferenceData(FingerReference.Primary, template)));
        await h.OpenDeskAsync();
        Assert.Equal(0x9000, await h.SwAsync(CasdCommands.ChangeReferenceData(FingerReference.Secondary, template, MatchSecurityLevel.FalseMatchRate1In100000)));
        var status = await h.BiometricStatusAsync();
        Assert.True(status[FingerReference.Secondary].IsEnrolled);
        Assert.Equal(5, status[FingerReference.Secondary].RetriesLeft);
        Assert.False(status[FingerReference.Primary].IsEnrolled);
        var fci = await h.SelectAsync();
        var bits = fci.BitGroup.ToArray();
        var secondaryBit = Convert.ToHexString(bits)[Convert.ToHexString(bits).IndexOf("830197", StringComparison.Ordinal)..];
        Assert.Contains("DF500105", secondaryBit, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("short")]
    [InlineData("long")]
    [InlineData("type11")]
    [InlineData("bare")]
    [InlineData("odd")]
    [InlineData("level")]
    [InlineData("extra")]
    public async Task Change_reference_data_refuses_malformed_templates(string fault)
    {
        await using var h = await CardHarness.CreateAsync();
        await h.SelectAsync();
        await h.OpenDeskAsync();
        var good = CardHarness.Minutiae(3);
        byte[] data = fault switch
        {
            "short" => CasdCommands.EncodeBiometricTemplate(CardHarness.Minutiae(3, 11)),
            "long" => CasdCommands.EncodeBiometricTemplate(CardHarness.Minutiae(3, 61)),
            "type11" => CasdCommands.EncodeBiometricTemplate(WithType11(good)),
            "bare" => good,
            "odd" => CasdCommands.EncodeBiometricTemplate(good.AsSpan(0, good.Length - 1)),
            "level" => [.. CasdCommands.EncodeBiometricTemplate(good), 0xDF, 0x50, 0x01, 0x09],
            _ => [.. CasdCommands.EncodeBiometricTemplate(good), 0x90, 0x00],
        };
        Assert.Equal(0x6A80, await h.SwAsync(new CommandApdu(0x00, 0x24, 0x00, 0x96, data)));
        Assert.False((await h.BiometricStatusAsync())[FingerReference.Primary].IsEnrolled);
    }

    [Fact]
    public async Task Change_reference_data_parameter_errors()
    {
        await using var h = await CardHarness.CreateAsync();
        await h.SelectAsync();
        await h.OpenDeskAsync();
        var template = CasdCommands.EncodeBiometricTemplate(CardHarness.Minutiae(3));
        Assert.Equal(0x6A86, await h.SwAsync(new CommandApdu(0x00, 0x24, 0x01, 0x96, template)));
        Assert.Equal(0x6A88, await h.SwAsync(new CommandApdu(0x00, 0x24, 0x00, 0x98, template)));
    }

    [Fact]
    public async Task Reset_retry_counter_unblocks_a_finger()
    {
        await using var h = await CardHarness.CreateAsync();
        var minutiae = CardHarness.Minutiae(5);
        await h.PersonaliseAsync(minutiae);
        Assert.Equal(0x6A88, await h.SwAsync(CasdCommands.ResetRetryCounter(FingerReference.Secondary)));
        Assert.Equal(0x6A86, await h.SwAsync(new CommandApdu(0x00, 0x2C, 0x00, 0x96)));
        Assert.Equal(0x6700, await h.SwAsync(new CommandApdu(0x00, 0x2C, 0x03, 0x96, new byte[] { 1 })));
        var wrong = CardHarness.Minutiae(99);
        for (var i = 0; i < 5; i++)
        {
            await h.SwAsync(CasdCommands.Verify(FingerReference.Primary, wrong.ToArray()));
        }

        Assert.True((await h.BiometricStatusAsync())[FingerReference.Primary].IsBlocked);
        await h.SelectAsync();
        Assert.Equal(0x6982, await h.SwAsync(CasdCommands.ResetRetryCounter(FingerReference.Primary)));
        await h.OpenDeskAsync();
        Assert.Equal(0x9000, await h.SwAsync(CasdCommands.ResetRetryCounter(FingerReference.Primary)));
        var status = (await h.BiometricStatusAsync())[FingerReference.Primary];
        Assert.False(status.IsBlocked);
        Assert.Equal(5, status.RetriesLeft);
        Assert.Equal(0x9000, await h.SwAsync(CasdCommands.Verify(FingerReference.Primary, minutiae.ToArray())));
    }

    private static byte[] WithType11(byte[] minutiae)
    {
        var copy = (byte[])minutiae.Clone();
        copy[2] |= 0xC0;
        return copy;
    }
}
