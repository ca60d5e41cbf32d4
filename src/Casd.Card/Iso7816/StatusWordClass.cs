namespace Casd.Card.Iso7816;

/// <summary>The broad meaning of a status word (ISO/IEC 7816-4, 5.6).</summary>
public enum StatusWordClass
{
    /// <summary>Normal processing: '9000' or '61XX'.</summary>
    Success = 0,

    /// <summary>Warning processing: '62XX' or '63XX'; the command was processed.</summary>
    Warning = 1,

    /// <summary>Execution or checking error: '64XX' to '6FXX'.</summary>
    Error = 2,

    /// <summary>A value outside the interindustry ranges (proprietary '9XXX' other than '9000', or invalid).</summary>
    Proprietary = 3,
}
