using System.Security.Cryptography;
using Casd.Card.Iso7816;

namespace Casd.Card.Simulator.Os;

/// <summary>
/// A command the host sends in pieces (ISO/IEC 7816-4, 5.3.3: CLA bit '10' on every piece but the
/// last), reassembled in one bounded buffer that is wiped after use: chained data may be a template.
/// Every piece must carry the same INS P1 P2.
/// </summary>
internal sealed class CommandChain
{
    /// <summary>The longest data field a chain may add up to: the extended Lc's maximum.</summary>
    public const int MaxLength = 65_535;

    private byte[]? _buffer;
    private int _length;
    private int _header = -1;

    /// <summary>Gets whether a chain is open: a piece arrived and the last one not yet.</summary>
    public bool IsOpen => _header != -1;

    /// <summary>Keeps a piece that announces more (CLA bit '10').</summary>
    /// <param name="command">The piece.</param>
    /// <returns>The status word: '9000', '6883' for a piece of another command, '6700' past <see cref="MaxLength"/>.</returns>
    public ushort Append(CommandApdu command)
    {
        var header = Header(command);
        if (_header != -1 && _header != header)
        {
            Reset();
            return Sw.LastCommandOfChainExpected;
        }

        if (_length + command.Nc > MaxLength)
        {
            Reset();
            return Sw.WrongLength;
        }

        _header = header;
        _buffer ??= new byte[MaxLength];
        command.Data.Span.CopyTo(_buffer.AsSpan(_length));
        _length += command.Nc;
        return Sw.Ok;
    }

    /// <summary>Ends the open chain with its last piece and gives the whole command.</summary>
    /// <param name="last">The last piece (CLA bit '10' clear).</param>
    /// <param name="whole">The reassembled command, unchained.</param>
    /// <param name="refusal">'6883' for a piece of another command, '6700' past <see cref="MaxLength"/>.</param>
    /// <returns><see langword="true"/> when <paramref name="whole"/> may be processed.</returns>
    public bool TryComplete(CommandApdu last, out CommandApdu whole, out ushort refusal)
    {
        whole = last;
        refusal = Sw.Ok;
        if (_header != Header(last))
        {
            Reset();
            refusal = Sw.LastCommandOfChainExpected;
            return false;
        }

        if (_length + last.Nc > MaxLength)
        {
            Reset();
            refusal = Sw.WrongLength;
            return false;
        }

        var data = new byte[_length + last.Nc];
        _buffer.AsSpan(0, _length).CopyTo(data);
        last.Data.Span.CopyTo(data.AsSpan(_length));
        Reset();
        whole = new CommandApdu(ClassByte.WithChaining(last.Cla, false), last.Ins, last.P1, last.P2, data, last.Ne);
        return true;
    }

    /// <summary>Abandons the chain and wipes what it held.</summary>
    public void Reset()
    {
        _header = -1;
        if (_buffer is not null)
        {
            CryptographicOperations.ZeroMemory(_buffer.AsSpan(0, _length));
        }

        _length = 0;
    }

    private static int Header(CommandApdu command) => (command.Ins << 16) | (command.P1 << 8) | command.P2;
}
