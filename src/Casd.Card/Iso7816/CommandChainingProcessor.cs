namespace Casd.Card.Iso7816;

/// <summary>
/// Splits a command whose data exceeds what the card takes in one APDU into a chain
/// (ISO/IEC 7816-4, 5.3.3): every block but the last has CLA bit '10' set and no Le; the last
/// block carries the original class byte and Ne. A block the card refuses ends the chain and its
/// response is returned.
/// </summary>
public sealed class CommandChainingProcessor : ApduProcessor
{
    private readonly int _maxBlock;
    private readonly bool _chainingSupported;

    /// <summary>Initializes the stage.</summary>
    /// <param name="next">The next stage down.</param>
    /// <param name="capabilities">Supplies the largest block and whether chaining is allowed.</param>
    public CommandChainingProcessor(IApduTransmitter next, CardCapabilities capabilities)
        : base(next)
    {
        ArgumentNullException.ThrowIfNull(capabilities);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capabilities.MaxCommandDataLength, nameof(capabilities));
        _maxBlock = capabilities.MaxCommandDataLength;
        _chainingSupported = capabilities.SupportsCommandChaining;
    }

    /// <inheritdoc/>
    /// <exception cref="ExtendedLengthNotSupportedException">The data is too long and the card supports no chaining.</exception>
    public override async ValueTask<ResponseApdu> TransmitAsync(CommandApdu command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Nc <= _maxBlock)
        {
            return await Next.TransmitAsync(command, cancellationToken).ConfigureAwait(false);
        }

        if (!_chainingSupported)
        {
            throw new ExtendedLengthNotSupportedException(
                $"Command {command} carries {command.Nc} data bytes, more than the card's {_maxBlock}, and the card supports no command chaining.");
        }

        var data = command.Data;
        var chained = ClassByte.WithChaining(command.Cla, true);
        while (data.Length > _maxBlock)
        {
            var block = new CommandApdu(chained, command.Ins, command.P1, command.P2, data[.._maxBlock]);
            var response = await Next.TransmitAsync(block, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccess)
            {
                return response;
            }

            data = data[_maxBlock..];
        }

        return await Next.TransmitAsync(command.WithData(data), cancellationToken).ConfigureAwait(false);
    }
}
