using Casd.Card.Iso7816;

namespace Casd.Card.Simulator.Os;

/// <summary>
/// The rest of an answer longer than the host's Ne, waiting for GET RESPONSE behind '61XX'
/// (ISO/IEC 7816-4, 5.3.4). The last piece carries the answer's own status word, so a '63CX' or a
/// protected answer survives the split.
/// </summary>
internal sealed class PendingResponse
{
    private byte[]? _data;
    private int _offset;
    private StatusWord _status;

    /// <summary>Gets whether an answer waits.</summary>
    public bool IsWaiting => _data is not null;

    /// <summary>Keeps an answer whose first <paramref name="first"/> bytes go out now.</summary>
    /// <param name="data">The whole answer's data.</param>
    /// <param name="first">How many bytes go out now.</param>
    /// <param name="status">The answer's status word, for the last piece.</param>
    /// <returns>The first piece, with '61XX'.</returns>
    public ResponseApdu Hold(ReadOnlyMemory<byte> data, int first, StatusWord status)
    {
        _data = data.ToArray();
        _offset = first;
        _status = status;
        return new ResponseApdu(_data.AsMemory(0, first), MoreData());
    }

    /// <summary>The next piece, of at most <paramref name="count"/> bytes.</summary>
    /// <param name="count">The most bytes to give.</param>
    /// <returns>The piece, with '61XX' or, for the last one, the answer's status word.</returns>
    public ResponseApdu Next(int count)
    {
        var chunk = _data.AsMemory(_offset, Math.Min(count, _data!.Length - _offset));
        _offset += chunk.Length;
        if (_offset == _data.Length)
        {
            _data = null;
            return new ResponseApdu(chunk, _status);
        }

        return new ResponseApdu(chunk, MoreData());
    }

    /// <summary>Gets the number of bytes still waiting.</summary>
    public int Remaining => _data is null ? 0 : _data.Length - _offset;

    /// <summary>Forgets the answer: any command but GET RESPONSE does.</summary>
    public void Forget() => _data = null;

    private StatusWord MoreData() => new(0x61, Remaining >= 256 ? (byte)0 : (byte)Remaining);
}
