namespace Casd.Card.Iso7816;

/// <summary>The secure-messaging indication carried by a class byte (ISO/IEC 7816-4, 5.4.1).</summary>
public enum SecureMessagingIndication
{
    /// <summary>No secure messaging.</summary>
    None = 0,

    /// <summary>Proprietary secure messaging (first interindustry class only).</summary>
    Proprietary = 1,

    /// <summary>ISO secure messaging, command header not authenticated.</summary>
    HeaderNotAuthenticated = 2,

    /// <summary>ISO secure messaging, command header authenticated (first interindustry class only).</summary>
    HeaderAuthenticated = 3,
}
