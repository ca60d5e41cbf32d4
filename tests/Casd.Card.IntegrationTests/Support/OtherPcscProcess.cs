using Casd.Card.Pcsc;
using Casd.Card.Transport;

namespace Casd.Card.IntegrationTests.Support;

/// <summary>
/// Another application on the same host, as an attacker would write it: its own PC/SC context,
/// a shared connection, bare SCardTransmit of whatever bytes it likes (even a 1-byte APDU, which
/// our own connection refuses to send), and a disconnect that leaves the card as it is.
/// </summary>
internal sealed class OtherPcscProcess : IDisposable
{
    private readonly IPcscApi _api = PcscPlatform.Api;
    private readonly nint _context;
    private readonly nint _card;
    private readonly PcscProtocols _protocol;

    public OtherPcscProcess(string reader)
    {
        Check(_api.EstablishContext(out _context), "SCardEstablishContext");
        var rc = _api.Connect(_context, reader, PcscShareMode.Shared, PcscProtocols.T0 | PcscProtocols.T1, out _card, out _protocol);
        if (rc != 0)
        {
            _api.ReleaseContext(_context);
            Check(rc, "SCardConnect");
        }
    }

    /// <summary>Sends raw bytes; returns the raw answer, status word included.</summary>
    public byte[] Send(byte[] command)
    {
        var response = new byte[65_538];
        var rc = _api.Transmit(_card, _protocol, command, response, out var received);
        if (rc == (uint)PcscErrorCode.ResetCard)
        {
            // The card was reset since we connected (a login ends that way): acknowledge and resend.
            Check(_api.Reconnect(_card, PcscShareMode.Shared, PcscProtocols.T0 | PcscProtocols.T1, CardDisposition.Leave, out _), "SCardReconnect");
            rc = _api.Transmit(_card, _protocol, command, response, out received);
        }

        Check(rc, "SCardTransmit");
        return response[..received];
    }

    /// <summary>Sends hex; returns the status word.</summary>
    public ushort Sw(string hex)
    {
        var answer = Send(Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal)));
        return (ushort)((answer[^2] << 8) | answer[^1]);
    }

    public void Dispose()
    {
        _api.Disconnect(_card, CardDisposition.Leave);
        _api.ReleaseContext(_context);
    }

    private static void Check(uint rc, string function)
    {
        if (rc != 0)
        {
            throw new InvalidOperationException($"{function} failed with 0x{rc:X8}");
        }
    }
}
