using System.Globalization;
using Casd.Card.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Casd.Card.Pcsc;

/// <summary>
/// A connection to a card through PC/SC. Each connection owns its own PC/SC context, so a
/// cancellation (SCardCancel) or a failure never touches another connection.
/// </summary>
/// <remarks>
/// <para>A response of fewer than 2 bytes is never handed upwards: pcscd answers a "successful"
/// 0-byte transmit when the card drops mid-APDU, which is raised as
/// <see cref="CardRemovedException"/> (card gone) or <see cref="CardCommunicationException"/>.</para>
/// <para>A card reset by another application is reported once as <see cref="CardResetException"/>;
/// the connection has already reconnected, so the caller selects its application again and goes on.</para>
/// <para>Cancellation is honoured before each exchange and, where the platform supports it, through
/// SCardCancel. An APDU already at the card is not abandoned: the card may have acted on it, and
/// its answer is returned.</para>
/// </remarks>
public sealed class PcscCardConnection : ICardConnection
{
    /// <summary>The size of a receive buffer that fits any response: 65,536 data bytes and the status word.</summary>
    public const int MaxResponseLength = 65_538;

    private const PcscProtocols PreferredProtocols = PcscProtocols.T0 | PcscProtocols.T1;
    private readonly IPcscApi _api;
    private readonly PcscContextHandle _context;
    private readonly PcscCardHandle _card;
    private readonly PcscShareMode _shareMode;
    private readonly ILogger _logger;
    private byte[]? _extendedReceive;
    private PcscProtocols _protocol;
    private byte[] _atr;
    private bool _disposed;

    private PcscCardConnection(IPcscApi api, PcscContextHandle context, PcscCardHandle card, string readerName, CardShareMode shareMode, PcscProtocols protocol, ILogger logger)
    {
        _api = api;
        _context = context;
        _card = card;
        ReaderName = readerName;
        ShareMode = shareMode;
        _shareMode = shareMode == CardShareMode.Exclusive ? PcscShareMode.Exclusive : PcscShareMode.Shared;
        _protocol = protocol;
        _logger = logger;
        _atr = [];
    }

    /// <inheritdoc/>
    public string ReaderName { get; }

    /// <summary>Gets the share mode the connection was opened with.</summary>
    public CardShareMode ShareMode { get; }

    /// <inheritdoc/>
    public ReadOnlyMemory<byte> Atr => _atr;

    /// <inheritdoc/>
    public CardProtocol Protocol => ToCardProtocol(_protocol);

    /// <inheritdoc/>
    /// <exception cref="CardResetException">Another application reset the card; the connection is usable again, select the application again.</exception>
    /// <exception cref="CardRemovedException">The card is gone.</exception>
    /// <exception cref="CardCommunicationException">The exchange failed.</exception>
    public ValueTask<int> TransmitAsync(ReadOnlyMemory<byte> command, Memory<byte> response, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        if (command.Length < 4)
        {
            throw new ArgumentException("A command APDU has at least 4 bytes (CLA INS P1 P2).", nameof(command));
        }

        if (response.Length < 2)
        {
            throw new ArgumentException("The response buffer must hold at least the 2-byte status word.", nameof(response));
        }

        // Receive into a buffer that fits any extended response, so a long answer is reported
        // as "your buffer is too small (needs N)" rather than as an opaque PC/SC error.
        var direct = response.Length >= MaxResponseLength;
        var target = direct ? response : (_extendedReceive ??= new byte[MaxResponseLength]);
        uint rc;
        int received;
        using (cancellationToken.CanBeCanceled ? cancellationToken.UnsafeRegister(static state => ((PcscContextHandle)state!).Cancel(), _context) : default)
        {
            rc = _api.Transmit(_card.DangerousGetHandle(), _protocol, command, target, out received);
        }

        if (rc != 0)
        {
            throw Failure(rc, "SCardTransmit", cancellationToken);
        }

        if (received < 2)
        {
            throw ShortResponse(received);
        }

        if (!direct)
        {
            if (received > response.Length)
            {
                throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, "The card answered {0} bytes but the response buffer holds {1}; pass a buffer of {2} bytes.", received, response.Length, MaxResponseLength), nameof(response));
            }

            target.Span[..received].CopyTo(response.Span);
            target.Span[..received].Clear();
        }

        return new ValueTask<int>(received);
    }

    /// <inheritdoc/>
    public ValueTask ResetAsync(CardResetKind kind, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        var initialization = kind == CardResetKind.Cold ? CardDisposition.Unpower : CardDisposition.Reset;
        var rc = _api.Reconnect(_card.DangerousGetHandle(), _shareMode, PreferredProtocols, initialization, out var active);
        PcscErrors.ThrowIfFailed(rc, "SCardReconnect", ReaderName, cancellationToken);
        _protocol = active;
        RefreshStatus();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    /// <exception cref="CardResetException">Another application reset the card since it was last used here; select the application again.</exception>
    public ValueTask<ICardTransaction> BeginTransactionAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        var rc = _api.BeginTransaction(_card.DangerousGetHandle());
        if (rc != 0)
        {
            throw Failure(rc, "SCardBeginTransaction", cancellationToken);
        }

        return new ValueTask<ICardTransaction>(new PcscCardTransaction(this));
    }

    /// <summary>Reads the card's state from the reader and refreshes <see cref="Atr"/> and <see cref="Protocol"/>.</summary>
    /// <param name="cancellationToken">Cancels before the query.</param>
    /// <returns>Whether the card is present.</returns>
    /// <exception cref="CardRemovedException">The card is gone.</exception>
    public ValueTask<bool> RefreshStatusAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<bool>(RefreshStatus());
    }

    /// <summary>Disconnects with a disposition other than leaving the card as it is.</summary>
    /// <param name="disposition">What to do with the card.</param>
    /// <returns>A task that completes when disconnected.</returns>
    public ValueTask DisconnectAsync(CardDisposition disposition)
    {
        if (!_disposed)
        {
            _card.Disposition = disposition;
        }

        return DisposeAsync();
    }

    /// <summary>Disconnects, leaving the card as it is.</summary>
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            _card.Dispose();
            _context.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    internal static PcscCardConnection Open(IPcscApi api, string readerName, CardShareMode shareMode, ILogger? logger)
    {
        var context = PcscContextHandle.Establish(api);
        try
        {
            var share = shareMode == CardShareMode.Exclusive ? PcscShareMode.Exclusive : PcscShareMode.Shared;
            var rc = api.Connect(context.DangerousGetHandle(), readerName, share, PreferredProtocols, out var card, out var active);
            PcscErrors.ThrowIfFailed(rc, "SCardConnect", readerName);
            var connection = new PcscCardConnection(api, context, new PcscCardHandle(api, card), readerName, shareMode, active, logger ?? NullLogger.Instance);
            try
            {
                connection.RefreshStatus();
            }
            catch
            {
                connection._card.Dispose();
                throw;
            }

            PcscLog.Connected(connection._logger, readerName, shareMode, connection.Protocol);
            return connection;
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    internal void EndTransaction(CardDisposition disposition, CancellationToken cancellationToken)
    {
        if (_disposed)
        {
            return;
        }

        var rc = _api.EndTransaction(_card.DangerousGetHandle(), disposition);
        if (rc != 0)
        {
            throw Failure(rc, "SCardEndTransaction", cancellationToken);
        }
    }

    private static CardProtocol ToCardProtocol(PcscProtocols protocol) =>
        (protocol & PcscProtocols.T1) != 0 ? CardProtocol.T1
        : (protocol & PcscProtocols.T0) != 0 ? CardProtocol.T0
        : (protocol & PcscProtocols.Raw) != 0 ? CardProtocol.Raw
        : CardProtocol.None;

    private bool RefreshStatus()
    {
        var rc = _api.Status(_card.DangerousGetHandle(), out var status);
        if (rc == (uint)PcscErrorCode.ResetCard)
        {
            throw Failure(rc, "SCardStatus", default);
        }

        PcscErrors.ThrowIfFailed(rc, "SCardStatus", ReaderName);
        _atr = status.Atr;
        if (status.Protocol != PcscProtocols.None)
        {
            _protocol = status.Protocol;
        }

        return status.IsCardPresent;
    }

    private Exception Failure(uint rc, string function, CancellationToken cancellationToken)
    {
        if (rc == (uint)PcscErrorCode.ResetCard)
        {
            // Acknowledge the reset so the handle works again; the caller must re-select.
            var reconnect = _api.Reconnect(_card.DangerousGetHandle(), _shareMode, PreferredProtocols, CardDisposition.Leave, out var active);
            if (reconnect == 0)
            {
                _protocol = active;
                if (_api.Status(_card.DangerousGetHandle(), out var status) == 0)
                {
                    _atr = status.Atr;
                }

                PcscLog.ResetDetected(_logger, ReaderName);
            }
            else
            {
                return PcscErrors.ToException(reconnect, "SCardReconnect", ReaderName, cancellationToken);
            }
        }

        if (cancellationToken.IsCancellationRequested && rc is (uint)PcscErrorCode.Cancelled or (uint)PcscErrorCode.SystemCancelled)
        {
            return new OperationCanceledException(cancellationToken);
        }

        return PcscErrors.ToException(rc, function, ReaderName, cancellationToken);
    }

    private CardCommunicationException ShortResponse(int received)
    {
        PcscLog.ShortResponse(_logger, ReaderName, received);
        var rc = _api.Status(_card.DangerousGetHandle(), out var status);
        if (rc is (uint)PcscErrorCode.RemovedCard or (uint)PcscErrorCode.NoSmartcard || (rc == 0 && !status.IsCardPresent))
        {
            return new CardRemovedException(string.Format(CultureInfo.InvariantCulture, "The card in '{0}' was removed during the exchange (the reader returned no status word); insert it again and retry.", ReaderName));
        }

        return new CardCommunicationException(string.Format(CultureInfo.InvariantCulture, "The reader '{0}' returned {1} response bytes, fewer than a status word; the card may have been removed or the link broke. Remove and insert the card, then retry.", ReaderName, received));
    }
}
