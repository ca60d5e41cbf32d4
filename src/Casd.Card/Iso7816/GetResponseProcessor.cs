using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;

namespace Casd.Card.Iso7816;

/// <summary>
/// Handles '61XX' (more data available): issues GET RESPONSE on the command's logical channel
/// until the card ends with another status word, and joins the data. Bounded in rounds and in
/// bytes, so a card that never stops raises <see cref="CardProtocolException"/> instead of hanging.
/// </summary>
public sealed class GetResponseProcessor : ApduProcessor
{
    private const byte GetResponseIns = 0xC0;
    private readonly int _maxRounds;
    private readonly int _maxLength;

    /// <summary>Initializes the stage.</summary>
    /// <param name="next">The next stage down.</param>
    /// <param name="capabilities">Supplies the bounds on rounds and bytes.</param>
    public GetResponseProcessor(IApduTransmitter next, CardCapabilities capabilities)
        : base(next)
    {
        ArgumentNullException.ThrowIfNull(capabilities);
        _maxRounds = capabilities.MaxGetResponseRounds;
        _maxLength = capabilities.MaxResponseDataLength;
    }

    /// <inheritdoc/>
    /// <exception cref="CardProtocolException">The card kept answering '61XX' past the bounds.</exception>
    public override async ValueTask<ResponseApdu> TransmitAsync(CommandApdu command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var response = await Next.TransmitAsync(command, cancellationToken).ConfigureAwait(false);
        if (response.StatusWord.Sw1 != 0x61)
        {
            return response;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(_maxLength, 1024) + 256);
        var length = 0;
        try
        {
            Append(ref buffer, ref length, response.Data.Span, command);
            var cla = ClassByte.WithLogicalChannel(0x00, command.LogicalChannel);
            for (var round = 1; response.StatusWord.Sw1 == 0x61; round++)
            {
                if (round > _maxRounds)
                {
                    throw new CardProtocolException(string.Format(
                        CultureInfo.InvariantCulture,
                        "The card still answered '61XX' after {0} GET RESPONSE rounds for command {1}; giving up.",
                        _maxRounds,
                        command));
                }

                var available = response.StatusWord.Sw2 == 0 ? 256 : response.StatusWord.Sw2;
                var getResponse = new CommandApdu(cla, GetResponseIns, 0x00, 0x00, expectedLength: available);
                response = await Next.TransmitAsync(getResponse, cancellationToken).ConfigureAwait(false);
                Append(ref buffer, ref length, response.Data.Span, command);
            }

            return new ResponseApdu(buffer.AsSpan(0, length).ToArray(), response.StatusWord);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer.AsSpan(0, length));
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Append(ref byte[] buffer, ref int length, ReadOnlySpan<byte> data, CommandApdu command)
    {
        if (data.Length > _maxLength - length)
        {
            throw new CardProtocolException(string.Format(
                CultureInfo.InvariantCulture,
                "The card's response to command {0} exceeds the {1}-byte limit across GET RESPONSE rounds.",
                command,
                _maxLength));
        }

        if (length + data.Length > buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(buffer.Length * 2, length + data.Length));
            buffer.AsSpan(0, length).CopyTo(larger);
            CryptographicOperations.ZeroMemory(buffer.AsSpan(0, length));
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = larger;
        }

        data.CopyTo(buffer.AsSpan(length));
        length += data.Length;
    }
}
