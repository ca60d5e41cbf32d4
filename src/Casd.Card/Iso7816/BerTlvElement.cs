namespace Casd.Card.Iso7816;

/// <summary>One data object read by a <see cref="BerTlvReader"/>: a view over the reader's bytes.</summary>
public readonly ref struct BerTlvElement
{
    private readonly int _valueOffset;

    internal BerTlvElement(uint tag, ReadOnlySpan<byte> value, ReadOnlySpan<byte> encoded, int valueOffset)
    {
        Tag = tag;
        Value = value;
        Encoded = encoded;
        _valueOffset = valueOffset;
    }

    /// <summary>Gets the tag, for example <c>0x7F61</c>.</summary>
    public uint Tag { get; }

    /// <summary>Gets the value bytes.</summary>
    public ReadOnlySpan<byte> Value { get; }

    /// <summary>Gets the whole encoded object: tag, length and value.</summary>
    public ReadOnlySpan<byte> Encoded { get; }

    /// <summary>Gets whether the object is constructed (its value is a sequence of data objects).</summary>
    public bool IsConstructed => BerTlvTag.IsConstructed(Tag);

    /// <summary>Returns a reader over the value, for a constructed object's children.</summary>
    /// <returns>A reader whose error messages give offsets from the outermost buffer.</returns>
    public BerTlvReader CreateReader() => new(Value, _valueOffset);
}
