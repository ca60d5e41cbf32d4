namespace Casd.Card.Enrolment;

/// <summary>The seven steps of a personalisation at the enrolment desk, in order.</summary>
public enum EnrolmentStep
{
    /// <summary>1: decide full or express enrolment with the <see cref="EnrolmentPolicy"/>.</summary>
    DecideProcedure = 1,

    /// <summary>2: open the personalisation channel (SCP03).</summary>
    OpenChannel = 2,

    /// <summary>3: write holder, project and enrolment record.</summary>
    WriteHolderData = 3,

    /// <summary>4: generate the card key pair and install its certificate.</summary>
    InstallCertificate = 4,

    /// <summary>5: enrol one or two fingers.</summary>
    EnrolFingers = 5,

    /// <summary>6: check the references against a fresh capture inside the desk's channel, then move the card to the issued state.</summary>
    Issue = 6,

    /// <summary>7: the connection test: a real login with the issued card (SCP11b, match on the card, signed statement checked against the CA).</summary>
    ConnectionTest = 7,
}
