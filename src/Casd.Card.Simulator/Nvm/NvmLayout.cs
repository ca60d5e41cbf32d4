using Casd.Card.Interface;

namespace Casd.Card.Simulator.Nvm;

/// <summary>
/// Every cell the card keeps in its non-volatile memory, in one place: the CASD application's
/// records and the security domain's SCP03 counters. <see cref="NonVolatileMemory"/> adds only its
/// own journal cells ('~journal.…'). The names are part of a state file (<see cref="FileNvmStore"/>
/// seals them with the values), so renaming a cell is a change of the file format.
/// </summary>
internal static class NvmLayout
{
    /// <summary>The 8-byte card serial, written at manufacture and never changed.</summary>
    public const string Serial = "serial";

    /// <summary>The lifecycle state: one byte, the ISO/IEC 7816-4 LCS coding of <see cref="CardLifecycleState"/>.</summary>
    public const string Lifecycle = "lcs";

    /// <summary>The holder identity template 'BF20' as PUT DATA stored it.</summary>
    public const string Holder = "holder";

    /// <summary>The project template 'BF24' as PUT DATA stored it.</summary>
    public const string Project = "project";

    /// <summary>The enrolment record template 'BF22' as PUT DATA stored it.</summary>
    public const string EnrolmentRecord = "enrolment";

    /// <summary>The certificate object 'DF22' as PUT DATA stored it; removed with the key it certifies.</summary>
    public const string Certificate = "cert";

    /// <summary>The card key pair: the 32-byte P-256 private scalar, then the 65-byte uncompressed public point.</summary>
    public const string CardKey = "key";

    /// <summary>The 4-byte big-endian signature counter of the login statement; absent means 0.</summary>
    public const string SignatureCounter = "sig.ctr";

    /// <summary>The 4-byte big-endian count of SCP03 authentications started and not completed.</summary>
    public const string Scp03FailedAuthentications = "scp.fail";

    /// <summary>The 3-byte SCP03 sequence counter (GlobalPlatform Amendment D, 6.2.2.1).</summary>
    public const string Scp03SequenceCounter = "scp.seq";

    /// <summary>A finger's reference: the match security level byte, then the matcher's prepared reference.</summary>
    /// <param name="finger">The finger reference ('96' or '97').</param>
    /// <returns>The cell name.</returns>
    public static string Reference(FingerReference finger) => finger == FingerReference.Primary ? "ref.96" : "ref.97";

    /// <summary>A finger's retry counter: one byte, the tries left.</summary>
    /// <param name="finger">The finger reference ('96' or '97').</param>
    /// <returns>The cell name.</returns>
    public static string RetryCounter(FingerReference finger) => finger == FingerReference.Primary ? "ctr.96" : "ctr.97";
}
