using System.Globalization;

namespace Casd.Card.Iso7816;

/// <summary>
/// Handles '6CXX' (wrong Le, XX bytes available): re-issues the same command once with Ne = XX.
/// A card that answers '6CXX' again is refused rather than followed round in circles.
/// </summary>
public sealed class WrongLengthProcessor : ApduProcessor
{
    /// <summary>Initializes the stage.</summary>
    /// <param name="next">The next stage down.</param>
    public WrongLengthProcessor(IApduTransmitter next)
        : base(next)
    {
    }

    /// <inheritdoc/>
    /// <exception cref="CardProtocolException">The card answered '6CXX' to the corrected command too.</exception>
    public override async ValueTask<ResponseApdu> TransmitAsync(CommandApdu command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var response = await Next.TransmitAsync(command, cancellationToken).ConfigureAwait(false);
        if (response.StatusWord.Sw1 != 0x6C)
        {
            return response;
        }

        var available = response.StatusWord.Sw2 == 0 ? 256 : response.StatusWord.Sw2;
        var retry = command.WithExpectedLength(available);
        response = await Next.TransmitAsync(retry, cancellationToken).ConfigureAwait(false);
        if (response.StatusWord.Sw1 == 0x6C)
        {
            throw new CardProtocolException(string.Format(
                CultureInfo.InvariantCulture,
                "The card answered '6CXX' (wrong Le) again after command {0} was re-issued with Ne={1}; the card is not following ISO/IEC 7816-3.",
                retry,
                available));
        }

        return response;
    }
}
