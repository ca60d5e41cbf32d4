using Casd.Card.Pcsc;
using Casd.Card.Simulator;
using Casd.Card.Simulator.Vpcd;
using Casd.Card.Transport;

namespace Casd.Card.IntegrationTests.Support;

/// <summary>
/// Puts any <see cref="SimulatedCard"/> into pcscd's reader 'Virtual PCD 00 01' (vpcd port 35964)
/// for the length of a test, so end-to-end tests (secure channel, workflows) run the same code
/// paths as against a real card through PC/SC. Use it inside the <see cref="PcscdTestGroup"/>.
/// </summary>
/// <example>
/// <code>
/// await using var behind = await SimulatedCardBehindPcscd.StartAsync(environment, new SimulatedCard(), ct);
/// await using var connection = await behind.ConnectAsync(ct);
/// using var pipeline = new ApduPipeline(connection, CardCapabilities.Extended);
/// </code>
/// </example>
public sealed class SimulatedCardBehindPcscd : IAsyncDisposable
{
    private readonly PcscdEnvironment _environment;

    private SimulatedCardBehindPcscd(PcscdEnvironment environment, VpcdClient client)
    {
        _environment = environment;
        Client = client;
    }

    public static string ReaderName => PcscdEnvironment.SimulatorReader;

    public VpcdClient Client { get; }

    public SimulatedCard Card => Client.Card;

    /// <summary>Connects the card to vpcd and waits until pcscd reports it present.</summary>
    public static async Task<SimulatedCardBehindPcscd> StartAsync(PcscdEnvironment environment, SimulatedCard card, CancellationToken cancellationToken)
    {
        environment.Require();
        var client = new VpcdClient(card, new VpcdClientOptions { Port = PcscdEnvironment.SimulatorPort });
        client.Start();
        var behind = new SimulatedCardBehindPcscd(environment, client);
        try
        {
            await environment.WaitForCardAsync(ReaderName, present: true, cancellationToken);
        }
        catch
        {
            await behind.DisposeAsync();
            throw;
        }

        return behind;
    }

    /// <summary>Opens a PC/SC connection to the card.</summary>
    public async Task<PcscCardConnection> ConnectAsync(CancellationToken cancellationToken, CardShareMode shareMode = CardShareMode.Shared) =>
        (PcscCardConnection)await _environment.Provider.ConnectAsync(ReaderName, shareMode, cancellationToken);

    /// <summary>Removes the card and waits until pcscd has seen it go, so the next test starts clean.</summary>
    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        try
        {
            await _environment.WaitForCardAsync(ReaderName, present: false, CancellationToken.None);
        }
        catch (TimeoutException)
        {
            // pcscd may have been stopped by the test
        }
    }
}
