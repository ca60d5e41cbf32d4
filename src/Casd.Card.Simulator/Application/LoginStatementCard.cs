using System.Buffers.Binary;
using Casd.Card.Interface;
using Casd.Card.Iso7816;
using Casd.Card.Simulator.Nvm;

namespace Casd.Card.Simulator.Application;

/// <summary>
/// The card's own encoder of the login statement ('BF40', docs/card-interface.md), written from
/// the document rather than from the host's <see cref="LoginStatement"/> (decision 0021): every
/// field but the audience hash and the challenge comes from the card's own records, so the host
/// cannot make the card claim another project, kind or date.
/// </summary>
internal static class LoginStatementCard
{
    public const int AudienceHashLength = 32;

    private const byte MatchedOnCard = 0x01;
    private const byte Express = 0x02;

    private static ReadOnlySpan<byte> DomainTag => "CASD-LOGIN"u8;

    /// <summary>Builds the statement, or returns <see langword="null"/> when the card lacks a record it needs (not fully personalised).</summary>
    public static byte[]? Build(NonVolatileMemory nvm, ReadOnlySpan<byte> audienceHash, ReadOnlySpan<byte> challenge, FingerReference finger, uint counter)
    {
        var serial = nvm.Read(NvmLayout.Serial);
        var project = nvm.Read(NvmLayout.Project);
        var enrolment = nvm.Read(NvmLayout.EnrolmentRecord);
        if (serial is not { Length: 8 } || project is null || enrolment is null
            || !TryFind(project, CasdTags.Project, 0x80, out var projectCode)
            || !TryFind(enrolment, CasdTags.EnrolmentRecord, 0x80, out var kind)
            || !TryFind(enrolment, CasdTags.EnrolmentRecord, 0x81, out var fullDate)
            || !TryFind(enrolment, CasdTags.EnrolmentRecord, 0x83, out var express))
        {
            return null;
        }

        Span<byte> counterBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(counterBytes, counter);
        using var writer = new BerTlvWriter(192);
        using (writer.PushConstructed(CasdTags.LoginStatement))
        {
            writer.Write(0x80, DomainTag);
            writer.Write(0x81, (byte)2);
            writer.Write(0x82, audienceHash);
            writer.Write(0x83, challenge);
            writer.Write(0x84, serial);
            writer.Write(0x85, projectCode);
            writer.Write(0x86, kind);
            writer.Write(0x87, fullDate);
            writer.Write(0x88, (byte)finger);
            writer.Write(0x89, (byte)(MatchedOnCard | (express is [1] ? Express : 0)));
            writer.Write(0x8A, counterBytes);
        }

        return writer.ToArray();
    }

    /// <summary>The value of a primitive field of a stored object; the card checked the object when it was written.</summary>
    private static bool TryFind(byte[] stored, uint outer, uint tag, out byte[] value)
    {
        value = [];
        if (!BerTlvReader.TryReadElement(stored, out var template, out _) || template.Tag != outer)
        {
            return false;
        }

        var inner = template.CreateReader();
        while (inner.TryRead(out var e))
        {
            if (e.Tag == tag)
            {
                value = e.Value.ToArray();
                return true;
            }
        }

        return false;
    }
}
