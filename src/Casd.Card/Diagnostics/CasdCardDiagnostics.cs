using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Casd.Card.Diagnostics;

/// <summary>
/// The names under which Casd.Card publishes traces and metrics, for
/// <c>ActivityListener</c>/OpenTelemetry and <c>MeterListener</c> subscribers.
/// </summary>
public static class CasdCardDiagnostics
{
    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/> and the <see cref="System.Diagnostics.Metrics.Meter"/>.</summary>
    public const string Name = "Casd.Card";

    internal static readonly ActivitySource ActivitySource = new(Name);

    internal static readonly Meter Meter = new(Name);

    internal static readonly Counter<long> ApdusExchanged =
        Meter.CreateCounter<long>("casd.card.apdu.count", unit: "{apdu}", description: "Command APDUs exchanged with cards.");

    internal static readonly Histogram<double> ApduDuration =
        Meter.CreateHistogram<double>("casd.card.apdu.duration", unit: "ms", description: "Round-trip time of one APDU exchange.");
}
