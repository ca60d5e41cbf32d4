namespace Casd.Card;

/// <summary>What <see cref="CasdCard.BeginTransactionAsync"/> does with the card when the transaction ends.</summary>
public enum TransactionEnd
{
    /// <summary>Leave the card as it is: its channel and security status stay for the next operation.</summary>
    LeaveCard = 0,

    /// <summary>Reset the card: every session, verification and authority on it ends, as a login and an enrolment must.</summary>
    ResetCard = 1,
}
