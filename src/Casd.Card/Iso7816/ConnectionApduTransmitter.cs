using System.Globalization;
using System.Security.Cryptography;
using Casd.Card.Transport;

namespace Casd.Card.Iso7816;

/// <summary>
/// The bottom stage of the pipeline: encodes each command in the card's length format, sends it
/// over an <see cref="ICardConnection"/> and decodes the response. Its send and receive buffers
/// are reused across APDUs and wiped after each exchange; exchanges are serialised.
/// </summary>
public sealed class ConnectionApduTransmitter : IApduTransmitter, IDisposable
{
    private const int ReceiveBufferSize = CommandApdu.MaxExtendedExpectedLength + 2;
    private readonly ICardConnection _connection;
    private readonly ApduLengthFormat _format;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly byte[] _send = new byte[CommandApdu.MaxEncodedLength];
    private readonly byte[] _receive = new byte[ReceiveBufferSize];
    private bool _disposed;

    /// <summary>Initializes the stage over a connection.</summary>
    /// <param name="connection">The card connection; not owned, so not disposed with this stage.</param>
    /// <param name="capabilities">Decides short or extended length fields.</param>
    public ConnectionApduTransmitter(ICardConnection connection, CardCapabilities capabilities)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(capabilities);
        _connection = connection;
        _format = capabilities.SupportsExtendedLength ? ApduLengthFormat.Auto : ApduLengthFormat.ShortOnly;
    }

    /// <inheritdoc/>
    /// <exception cref="ExtendedLengthNotSupportedException">The card only takes short APDUs and the command does not fit.</exception>
    /// <exception cref="CardDataFormatException">The card answered fewer than 2 bytes.</exception>
    public async ValueTask<ResponseApdu> TransmitAsync(CommandApdu command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        ObjectDisposedException.ThrowIf(_disposed, this);

        // A short-only card still answers Ne > 256 through 61XX: asking for 256 is the faithful short form.
        if (_format == ApduLengthFormat.ShortOnly && command.Ne > CommandApdu.MaxShortExpectedLength && command.Nc <= CommandApdu.MaxShortDataLength)
        {
            command = command.WithExpectedLength(CommandApdu.MaxShortExpectedLength);
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        var sent = 0;
        var received = 0;
        try
        {
            command.TryEncode(_send, _format, out sent);
            received = await _connection.TransmitAsync(_send.AsMemory(0, sent), _receive, cancellationToken).ConfigureAwait(false);
            if (received < 2 || received > _receive.Length)
            {
                throw new CardDataFormatException(string.Format(
                    CultureInfo.InvariantCulture,
                    "Malformed response APDU: {0} byte(s) received for command {1}, but every response ends with a 2-byte status word.",
                    received,
                    command));
            }

            var copy = _receive.AsSpan(0, received).ToArray();
            return ResponseApdu.Parse(copy);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(_send.AsSpan(0, sent));
            CryptographicOperations.ZeroMemory(_receive.AsSpan(0, Math.Clamp(received, 0, _receive.Length)));
            _gate.Release();
        }
    }

    /// <summary>Wipes the buffers; the connection stays open.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        CryptographicOperations.ZeroMemory(_send);
        CryptographicOperations.ZeroMemory(_receive);
        _gate.Dispose();
    }
}
