using Casd.Card.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Casd.Card.Iso7816;

/// <summary>
/// The standard stack of APDU processors between the application and a card connection, top
/// to bottom: command chaining, GET RESPONSE on '61XX', re-issue on '6CXX', logging, and the
/// connection itself. Layers above (a secure channel) wrap this pipeline as another
/// <see cref="ApduProcessor"/>.
/// </summary>
public sealed class ApduPipeline : IApduTransmitter, IDisposable
{
    private readonly ConnectionApduTransmitter _bottom;
    private readonly IApduTransmitter _top;

    /// <summary>Builds the pipeline over a connection.</summary>
    /// <param name="connection">The card connection; not owned.</param>
    /// <param name="capabilities">The card's capabilities; <see cref="CardCapabilities.ShortOnly"/> when unknown.</param>
    /// <param name="logger">Where APDUs are logged; none when <see langword="null"/>.</param>
    public ApduPipeline(ICardConnection connection, CardCapabilities? capabilities = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        Capabilities = capabilities ?? CardCapabilities.ShortOnly;
        _bottom = new ConnectionApduTransmitter(connection, Capabilities);
        IApduTransmitter stage = _bottom;
        if (logger is not null && logger is not NullLogger)
        {
            stage = new ApduLoggingProcessor(stage, logger);
        }

        stage = new WrongLengthProcessor(stage);
        stage = new GetResponseProcessor(stage, Capabilities);
        stage = new CommandChainingProcessor(stage, Capabilities);
        _top = stage;
    }

    /// <summary>Gets the capabilities the pipeline formats commands for.</summary>
    public CardCapabilities Capabilities { get; }

    /// <inheritdoc/>
    public ValueTask<ResponseApdu> TransmitAsync(CommandApdu command, CancellationToken cancellationToken = default) =>
        _top.TransmitAsync(command, cancellationToken);

    /// <summary>Wipes the pipeline's buffers; the connection stays open.</summary>
    public void Dispose() => _bottom.Dispose();
}
