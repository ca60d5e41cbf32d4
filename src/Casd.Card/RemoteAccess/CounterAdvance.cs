namespace Casd.Card.RemoteAccess;

/// <summary>The result of <see cref="ILoginStateStore.AdvanceCounterAsync"/>.</summary>
/// <param name="Advanced">Whether the counter was above the last one seen (and is now the last one seen).</param>
/// <param name="LastSeen">The last counter seen before this call; 0 when the card was never seen.</param>
public readonly record struct CounterAdvance(bool Advanced, uint LastSeen);
