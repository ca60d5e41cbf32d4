namespace Casd.Card.RemoteAccess;

/// <summary>What <see cref="ILoginStateStore.RedeemChallengeAsync"/> found.</summary>
public enum ChallengeRedemption
{
    /// <summary>Issued, unexpired, and now used: the login may proceed.</summary>
    Redeemed = 0,

    /// <summary>Never issued by these servers (or forgotten long after it expired).</summary>
    Unknown = 1,

    /// <summary>Issued but past its expiry; it is now spent too.</summary>
    Expired = 2,

    /// <summary>Used before: this is a replay.</summary>
    AlreadyRedeemed = 3,
}
