using Casd.Card.Enrolment;
using Casd.Card.Interface;
using Casd.Card.Simulator;
using Casd.Card.Simulator.Transport;
using Microsoft.Extensions.Time.Testing;

namespace Casd.Card.Tests.Application;

/// <summary>A simulated card in a simulated reader, a desk with a development CA, and a fake clock.</summary>
internal sealed class CardFixture : IDisposable
{
    public CardFixture(SimulatedCard? card = null)
    {
        Card = card ?? new SimulatedCard();
        Reader.Insert(Card);
        Authority = new DevelopmentCertificateAuthority(Clock);
        Policy = new EnrolmentPolicy(Clock, TimeZoneInfo.Utc);
        Desk = new EnrolmentDesk(Authority, Policy, Clock);
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    public SimulatedCardReader Reader { get; } = new();

    public SimulatedCard Card { get; }

    public DevelopmentCertificateAuthority Authority { get; }

    public EnrolmentPolicy Policy { get; }

    public EnrolmentDesk Desk { get; }

    public CasdCardOptions Options => new() { ChannelFactory = new SimulatorChannelFactory(() => Reader.Card) };

    public static EnrolmentRequest Request(string project = "P-001", DateOnly? lastFull = null, int fingers = 2, int seed = 1) =>
        new(
            new HolderIdentity("R-1234", "Doe", "Jane"),
            new ProjectInfo(project, "Secure data project"),
            EnrolmentKind.Health,
            lastFull,
            "2.1",
            fingers == 1 ? [SyntheticFingers.Record(seed)] : [SyntheticFingers.Record(seed), SyntheticFingers.Record(seed + 1000)],
            SyntheticFingers.Record(seed));

    public async Task<CasdCard> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await Reader.ConnectAsync(cancellationToken);
        return await CasdCard.OpenAsync(connection, Options, cancellationToken);
    }

    public void Reinsert()
    {
        Reader.Remove();
        Reader.Insert(Card);
    }

    public void Dispose() => Authority.Dispose();
}
