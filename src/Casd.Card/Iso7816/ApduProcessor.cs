namespace Casd.Card.Iso7816;

/// <summary>
/// A stage of the APDU pipeline: it receives a command from the stage above, may transform,
/// split or repeat it, passes it to the next stage down, and transforms the response on its way up.
/// </summary>
public abstract class ApduProcessor : IApduTransmitter
{
    /// <summary>Initializes the stage over the next one down.</summary>
    /// <param name="next">The stage commands are passed to.</param>
    protected ApduProcessor(IApduTransmitter next)
    {
        ArgumentNullException.ThrowIfNull(next);
        Next = next;
    }

    /// <summary>Gets the next stage down.</summary>
    protected IApduTransmitter Next { get; }

    /// <inheritdoc/>
    public abstract ValueTask<ResponseApdu> TransmitAsync(CommandApdu command, CancellationToken cancellationToken = default);
}
