using Casd.Card.Simulator.Vpcd;

namespace Casd.Card.Reliability.Load;

/// <summary>An enrolled simulated card behind its own vpcd reader, with the last signature counter it showed.</summary>
internal sealed class LoadCard(LoadReader reader, string serial, int finger, VpcdClient client)
{
    public LoadReader Reader { get; } = reader;

    public string Serial { get; } = serial;

    public int Finger { get; } = finger;

    public VpcdClient Client { get; } = client;

    public uint? LastCounter { get; set; }

    private bool _recovered;

    /// <summary>Gets or sets whether the card logged in again since pcscd restarted (read by the controller, written by the card's loop).</summary>
    public bool RecoveredFlag
    {
        get => Volatile.Read(ref _recovered);
        set => Volatile.Write(ref _recovered, value);
    }
}
