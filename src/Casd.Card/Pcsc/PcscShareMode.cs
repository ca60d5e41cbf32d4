namespace Casd.Card.Pcsc;

/// <summary>The share modes of SCardConnect; the same values on every platform.</summary>
internal enum PcscShareMode : uint
{
    Exclusive = 1,
    Shared = 2,
    Direct = 3,
}
