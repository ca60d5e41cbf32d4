using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Casd.Card.Interface;
using Casd.Card.Iso7816;
using Casd.Card.SecureChannel;
using Casd.Card.Simulator.Nvm;
using Casd.Card.Simulator.Transport;
using Casd.Card.Transport;

namespace Casd.Card.Simulator.Tests.Support;

/// <summary>A simulated card in a reader, connected through the foundation's ApduPipeline.</summary>
internal sealed class CardHarness : IAsyncDisposable
{
    public static readonly HolderIdentity Holder = new("R-2024-0042", "Durand", "Camille");
    public static readonly ProjectInfo Project = new("P-HEALTH-7", "Hospital stays 2015-2023");
    public static readonly EnrolmentRecord Enrolment = new(EnrolmentKind.Health, new DateOnly(2024, 3, 1), new DateOnly(2025, 6, 2), true, "2024.1");

    /// <summary>For tests of another layer (NVM, transport, T=0 shaping): the access rules off, so the authority can be granted directly.</summary>
    public static readonly SimulatedCardOptions RulesOff = new() { EnforceChannelAccessRules = false };

    private Scp03StaticKeys? _deskKeys;
    private ScpChannel? _desk;

    private CardHarness(SimulatedCard card, SimulatedCardReader reader, ICardConnection connection, ApduPipeline pipeline)
    {
        Card = card;
        Reader = reader;
        Connection = connection;
        Pipeline = pipeline;
    }

    public SimulatedCard Card { get; }

    public SimulatedCardReader Reader { get; }

    public ICardConnection Connection { get; private set; }

    public ApduPipeline Pipeline { get; private set; }

    /// <summary>Gets the desk's SCP03 channel while one is open; <see cref="SendAsync"/> goes through it.</summary>
    public IApduTransmitter? Desk => _desk;

    public static async Task<CardHarness> CreateAsync(SimulatedCardOptions? options = null, INvmStore? store = null, CardCapabilities? capabilities = null, FaultPlan? faults = null)
    {
        var card = new SimulatedCard(store ?? new MemoryNvmStore(), options);
        var reader = new SimulatedCardReader { Faults = faults };
        reader.Insert(card);
        var connection = await reader.ConnectAsync();
        return new CardHarness(card, reader, connection, new ApduPipeline(connection, capabilities ?? CardCapabilities.Extended));
    }

    /// <summary>
    /// Authenticates the enrolment desk as the card's rules require: an SCP03 channel with the
    /// GlobalPlatform test keys at full security (C-DECRYPTION, C-MAC, R-MAC, R-ENCRYPTION), which
    /// also carries VERIFY. Until the next SELECT or reconnection every <see cref="SendAsync"/> goes
    /// through it; on a card whose rules are off the authority is granted directly instead.
    /// </summary>
    public async Task OpenDeskAsync()
    {
        CloseDesk();
        if (!Card.Options.EnforceChannelAccessRules)
        {
            Card.GrantPersonalisationAuthority();
            return;
        }

        _deskKeys = Scp03StaticKeys.CreateGlobalPlatformTestKeys();
        _desk = await Scp03.OpenAsync(Pipeline, _deskKeys, cancellationToken: TestContext.Current.CancellationToken);
    }

    /// <summary>Forgets the desk channel on the host side (the card closes its side at SELECT, reset or power-off).</summary>
    public void CloseDesk()
    {
        _desk?.Dispose();
        _desk = null;
        _deskKeys?.Dispose();
        _deskKeys = null;
    }

    /// <summary>Reinserts the card after a removal or tearing and connects again.</summary>
    public async Task ReconnectAsync()
    {
        CloseDesk();
        if (Reader.Card is null)
        {
            Reader.Insert(Card);
        }

        Pipeline.Dispose();
        await Connection.DisposeAsync();
        Connection = await Reader.ConnectAsync();
        Pipeline = new ApduPipeline(Connection, CardCapabilities.Extended);
    }

    public Task<ResponseApdu> SendAsync(CommandApdu command) => ((IApduTransmitter?)_desk ?? Pipeline).TransmitAsync(command, TestContext.Current.CancellationToken).AsTask();

    public async Task<ushort> SwAsync(CommandApdu command) => (await SendAsync(command)).StatusWord.Value;

    /// <summary>Selects the applet in clear, which ends any desk channel.</summary>
    public async Task<CasdFci> SelectAsync()
    {
        CloseDesk();
        var response = await SendAsync(CasdCommands.Select());
        response.EnsureSuccess();
        return CasdFci.Parse(response.Data.Span);
    }

    public async Task<BiometricStatus> BiometricStatusAsync() =>
        BiometricStatus.Parse((await SendAsync(CasdCommands.GetData(CasdTags.BiometricStatus))).EnsureSuccess().Data.Span);

    public async Task<byte[]> GenerateKeyAsync()
    {
        var response = (await SendAsync(CasdCommands.GenerateKeyPair())).EnsureSuccess();
        return CasdResponses.ParsePublicKey(response.Data.Span);
    }

    /// <summary>Select, desk channel, data objects, key, certificate, primary finger; optionally issue. The desk channel stays open.</summary>
    public async Task<byte[]> PersonaliseAsync(byte[] primary, bool issue = false, byte[]? secondary = null)
    {
        await SelectAsync();
        await OpenDeskAsync();
        (await SendAsync(CasdCommands.PutData(Holder.Encode()))).EnsureSuccess();
        (await SendAsync(CasdCommands.PutData(Project.Encode()))).EnsureSuccess();
        (await SendAsync(CasdCommands.PutData(Enrolment.Encode()))).EnsureSuccess();
        var point = await GenerateKeyAsync();
        (await SendAsync(CasdCommands.PutCertificate(CertificateFor(point)))).EnsureSuccess();
        (await SendAsync(CasdCommands.ChangeReferenceData(FingerReference.Primary, CasdCommands.EncodeBiometricTemplate(primary)))).EnsureSuccess();
        if (secondary is not null)
        {
            (await SendAsync(CasdCommands.ChangeReferenceData(FingerReference.Secondary, CasdCommands.EncodeBiometricTemplate(secondary)))).EnsureSuccess();
        }

        if (issue)
        {
            (await SendAsync(CasdCommands.Activate())).EnsureSuccess();
        }

        return point;
    }

    /// <summary>Distinct, well-formed compact-card minutiae (3 bytes each).</summary>
    public static byte[] Minutiae(int seed, int count = 20)
    {
        var random = new Random(seed);
        var result = new byte[count * 3];
        var seen = new HashSet<int>();
        for (var i = 0; i < count;)
        {
            var x = random.Next(256);
            var y = random.Next(256);
            var type = random.Next(3);
            var angle = random.Next(64);
            var third = (type << 6) | angle;
            if (!seen.Add((x << 16) | (y << 8) | third))
            {
                continue;
            }

            result[i * 3] = (byte)x;
            result[(i * 3) + 1] = (byte)y;
            result[(i * 3) + 2] = (byte)third;
            i++;
        }

        return result;
    }

    /// <summary>An X.509 certificate for the card's public key, issued by a throw-away CA.</summary>
    public static byte[] CertificateFor(byte[] point)
    {
        using var ca = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=CASD Test CA", ca, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var caCert = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
        using var cardKey = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = point[1..33], Y = point[33..65] },
        });
        var request = new CertificateRequest("CN=CASD card", cardKey, HashAlgorithmName.SHA256);
        using var cert = request.Create(caCert, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(4), [1, 2, 3, 4]);
        return cert.RawData;
    }

    public static byte[] RandomPoint()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var p = key.ExportParameters(false);
        return [0x04, .. p.Q.X!, .. p.Q.Y!];
    }

    public static bool VerifySignature(byte[] point, ReadOnlySpan<byte> challenge, byte[] signature)
    {
        using var key = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = point[1..33], Y = point[33..65] },
        });
        return key.VerifyData(challenge, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }

    public async ValueTask DisposeAsync()
    {
        CloseDesk();
        Pipeline.Dispose();
        await Connection.DisposeAsync();
    }
}
