namespace Casd.Card.Cli.Demo;

/// <summary>The demo's clock: the system time, moved forward on demand to show the validity period ending.</summary>
internal sealed class DemoClock : TimeProvider
{
    private TimeSpan _offset;

    public void MoveForward(TimeSpan by) => _offset += by;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + _offset;
}
