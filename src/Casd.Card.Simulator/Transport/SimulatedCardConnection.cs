using System.Globalization;
using Casd.Card.Transport;

namespace Casd.Card.Simulator.Transport;

/// <summary>An <see cref="ICardConnection"/> to a <see cref="SimulatedCard"/> in a <see cref="SimulatedCardReader"/>, with fault injection.</summary>
public sealed class SimulatedCardConnection : ICardConnection
{
    private readonly SimulatedCardReader _reader;
    private readonly SimulatedCard _card;
    private readonly int _insertion;
    private readonly FaultPlan? _faults;
    private bool _disposed;

    internal SimulatedCardConnection(SimulatedCardReader reader, SimulatedCard card, int insertion, FaultPlan? faults)
    {
        _reader = reader;
        _card = card;
        _insertion = insertion;
        _faults = faults;
    }

    /// <inheritdoc/>
    public string ReaderName => _reader.Name;

    /// <inheritdoc/>
    public ReadOnlyMemory<byte> Atr => _card.Atr;

    /// <inheritdoc/>
    public CardProtocol Protocol => CardProtocol.T1;

    /// <summary>Gets the simulated card this connection talks to.</summary>
    public SimulatedCard Card => _card;

    /// <inheritdoc/>
    public ValueTask<int> TransmitAsync(ReadOnlyMemory<byte> command, Memory<byte> response, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        if (_reader.IsHeldByOther(this))
        {
            return AfterOthersTransactionAsync(command, response, cancellationToken);
        }

        if (_faults is null)
        {
            return ValueTask.FromResult(Exchange(command.Span, response.Span, 0));
        }

        var index = _faults.Next();
        if (_faults.Latency > TimeSpan.Zero)
        {
            return DelayedAsync(command, response, index, cancellationToken);
        }

        return ValueTask.FromResult(Exchange(command.Span, response.Span, index));
    }

    /// <inheritdoc/>
    public ValueTask ResetAsync(CardResetKind kind, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        EnsurePresent();
        _card.Reset();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public async ValueTask<ICardTransaction> BeginTransactionAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        EnsurePresent();
        await _reader.EnterTransactionAsync(this, cancellationToken).ConfigureAwait(false);
        return new SimulatedCardTransaction(_reader, this, _card);
    }

    /// <summary>Disconnects, leaving the card as it is; a transaction still held ends.</summary>
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            _reader.ExitTransaction(this);
        }

        return ValueTask.CompletedTask;
    }

    private async ValueTask<int> AfterOthersTransactionAsync(ReadOnlyMemory<byte> command, Memory<byte> response, CancellationToken cancellationToken)
    {
        // As PC/SC: a command from outside the transaction waits until it ends.
        await _reader.WaitOutsideTransactionAsync(cancellationToken).ConfigureAwait(false);
        return await TransmitAsync(command, response, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<int> DelayedAsync(ReadOnlyMemory<byte> command, Memory<byte> response, int index, CancellationToken cancellationToken)
    {
        await Task.Delay(_faults!.Latency, cancellationToken).ConfigureAwait(false);
        return Exchange(command.Span, response.Span, index);
    }

    private int Exchange(ReadOnlySpan<byte> command, Span<byte> response, int index)
    {
        EnsurePresent();
        if (_faults is not null)
        {
            if (_faults.DropLinkAfter is { } drop && index > drop)
            {
                throw new CardCommunicationException(string.Format(CultureInfo.InvariantCulture, "The link to reader '{0}' dropped (injected after {1} APDUs).", ReaderName, drop));
            }

            if (_faults.RemoveCardAt == index)
            {
                if (_faults.RemoveAfterNvmWrites is { } writes)
                {
                    _card.TearAfterNvmWrites(writes);
                }

                try
                {
                    _card.Transmit(command, response);
                }
                catch (CardPowerLostException)
                {
                    // The card lost power mid-command: that is the injected removal.
                }
                finally
                {
                    _card.CancelTearing();
                    _reader.Remove();
                }

                throw new CardRemovedException(string.Format(CultureInfo.InvariantCulture, "The card was removed from reader '{0}' during APDU {1} (injected).", ReaderName, index));
            }
        }

        int length;
        try
        {
            length = _card.Transmit(command, response);
        }
        catch (CardPowerLostException)
        {
            // Tearing: a real reader sees the card vanish; it comes back when powered up again.
            _reader.Remove();
            throw;
        }

        _faults?.Corrupt(index, response[..length]);
        return length;
    }

    private void EnsurePresent()
    {
        if (!_reader.IsStillInserted(_card, _insertion))
        {
            throw new CardRemovedException(string.Format(CultureInfo.InvariantCulture, "The card was removed from reader '{0}'; connect again after inserting it.", ReaderName));
        }
    }
}
