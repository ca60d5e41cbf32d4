using System.Buffers.Binary;
using System.Globalization;

namespace Casd.Card.Biometrics;

/// <summary>A bounds-checked big-endian reader whose faults name the offset and the field, never the bytes.</summary>
internal ref struct RecordCursor
{
    private readonly ReadOnlySpan<byte> _data;

    public RecordCursor(ReadOnlySpan<byte> data)
    {
        _data = data;
        Position = 0;
    }

    public int Position { get; private set; }

    public readonly int Remaining => _data.Length - Position;

    public byte ReadByte(string field)
    {
        Require(1, field);
        return _data[Position++];
    }

    public ushort ReadUInt16(string field)
    {
        Require(2, field);
        var value = BinaryPrimitives.ReadUInt16BigEndian(_data[Position..]);
        Position += 2;
        return value;
    }

    public uint ReadUInt32(string field)
    {
        Require(4, field);
        var value = BinaryPrimitives.ReadUInt32BigEndian(_data[Position..]);
        Position += 4;
        return value;
    }

    public void Skip(int count, string field)
    {
        Require(count, field);
        Position += count;
    }

    public readonly BiometricDataFormatException Fault(string reason) => Fault(Position, reason);

    public static BiometricDataFormatException Fault(int offset, string reason) =>
        new(string.Format(CultureInfo.InvariantCulture, "Malformed finger minutiae record at offset {0}: {1}.", offset, reason));

    private readonly void Require(int count, string field)
    {
        if (count > _data.Length - Position)
        {
            throw Fault(string.Format(
                CultureInfo.InvariantCulture,
                "the record is truncated: {0} needs {1} byte(s) but only {2} remain",
                field,
                count,
                _data.Length - Position));
        }
    }
}
