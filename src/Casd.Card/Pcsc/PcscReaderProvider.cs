using Casd.Card.Transport;
using Microsoft.Extensions.Logging;

namespace Casd.Card.Pcsc;

/// <summary>Readers and cards through the platform's PC/SC service (pcscd, winscard, PCSC.framework).</summary>
public sealed class PcscReaderProvider : ICardReaderProvider
{
    private readonly IPcscApi _api;
    private readonly ILogger? _logger;

    /// <summary>Initializes a provider over the PC/SC library of this platform.</summary>
    /// <param name="logger">Where connections log; none when <see langword="null"/>.</param>
    public PcscReaderProvider(ILogger<PcscReaderProvider>? logger = null)
        : this(PcscPlatform.Api, logger)
    {
    }

    internal PcscReaderProvider(IPcscApi api, ILogger? logger)
    {
        _api = api;
        _logger = logger;
    }

    /// <inheritdoc/>
    /// <exception cref="CardServiceUnavailableException">The PC/SC service is not running.</exception>
    public ValueTask<IReadOnlyList<CardReaderInfo>> ListReadersAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var context = PcscContextHandle.Establish(_api);
        var rc = _api.ListReaders(context.DangerousGetHandle(), out var names);
        PcscErrors.ThrowIfFailed(rc, "SCardListReaders", cancellationToken: cancellationToken);
        if (names.Count == 0)
        {
            return new ValueTask<IReadOnlyList<CardReaderInfo>>(Array.Empty<CardReaderInfo>());
        }

        var states = names.Select(n => new PcscReaderState(n, (uint)PcscReaderStateFlags.Unaware)).ToArray();
        rc = _api.GetStatusChange(context.DangerousGetHandle(), 0, states);
        if (rc != 0 && rc != (uint)PcscErrorCode.Timeout)
        {
            PcscErrors.ThrowIfFailed(rc, "SCardGetStatusChange", cancellationToken: cancellationToken);
        }

        var readers = states
            .Select(s => new CardReaderInfo(s.ReaderName, s.IsCardPresent, s.IsCardPresent ? s.Atr : ReadOnlyMemory<byte>.Empty))
            .ToArray();
        return new ValueTask<IReadOnlyList<CardReaderInfo>>(readers);
    }

    /// <inheritdoc/>
    /// <exception cref="CardServiceUnavailableException">The PC/SC service is not running.</exception>
    /// <exception cref="CardReaderNotFoundException">No reader has this name.</exception>
    /// <exception cref="CardNotPresentException">The reader holds no card.</exception>
    /// <exception cref="CardSharingViolationException">Another application holds the card exclusively (or this asked for exclusive use of a card in use).</exception>
    public ValueTask<ICardConnection> ConnectAsync(string readerName, CardShareMode shareMode = CardShareMode.Shared, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(readerName);
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<ICardConnection>(PcscCardConnection.Open(_api, readerName, shareMode, _logger));
    }
}
