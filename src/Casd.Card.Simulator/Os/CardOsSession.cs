namespace Casd.Card.Simulator.Os;

/// <summary>
/// The card OS's volatile state of logical channel 0, the only one the card opens: whether the
/// application is selected, the command chain in progress and the answer waiting for GET
/// RESPONSE. Power-up, reset and SELECT clear it, with the security status.
/// </summary>
internal sealed class CardOsSession
{
    /// <summary>Gets or sets whether the CASD application is selected: commands other than SELECT are refused before.</summary>
    public bool IsApplicationSelected { get; set; }

    /// <summary>Gets the command chain in progress.</summary>
    public CommandChain Chain { get; } = new();

    /// <summary>Gets the answer waiting for GET RESPONSE.</summary>
    public PendingResponse Pending { get; } = new();

    /// <summary>Forgets everything.</summary>
    public void Clear()
    {
        Pending.Forget();
        IsApplicationSelected = false;
        Chain.Reset();
    }
}
