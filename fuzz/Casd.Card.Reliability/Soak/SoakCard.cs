using Casd.Card.Simulator;
using Casd.Card.Simulator.Transport;

namespace Casd.Card.Reliability.Soak;

/// <summary>One card in play: its reader, its holder's finger, and the highest signature counter it has shown.</summary>
internal sealed class SoakCard(SimulatedCard card, int finger)
{
    public SimulatedCard Card { get; } = card;

    public SimulatedCardReader Reader { get; } = CreateReader(card);

    /// <summary>Gets the seed of the holder's finger (records come from <see cref="SyntheticRecords"/>).</summary>
    public int Finger { get; } = finger;

    public uint LastCounter { get; set; }

    /// <summary>Pulls the card out (if still in) and puts it back: the power cycle after a fault.</summary>
    public void Reinsert()
    {
        Reader.Remove();
        Reader.Insert(Card);
    }

    private static SimulatedCardReader CreateReader(SimulatedCard card)
    {
        var reader = new SimulatedCardReader($"Soak reader {card.Serial}");
        reader.Insert(card);
        return reader;
    }
}
