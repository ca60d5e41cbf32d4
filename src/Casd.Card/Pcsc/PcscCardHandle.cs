using System.Runtime.InteropServices;
using Casd.Card.Transport;

namespace Casd.Card.Pcsc;

/// <summary>An SCARDHANDLE, disconnected with SCardDisconnect exactly once, with the chosen disposition.</summary>
internal sealed class PcscCardHandle : SafeHandle
{
    private readonly IPcscApi _api;

    public PcscCardHandle(IPcscApi api, nint card)
        : base(0, ownsHandle: true)
    {
        _api = api;
        SetHandle(card);
    }

    public override bool IsInvalid => false;

    /// <summary>Gets or sets what happens to the card on disconnect; leave it by default.</summary>
    public CardDisposition Disposition { get; set; } = CardDisposition.Leave;

    protected override bool ReleaseHandle()
    {
        _api.Disconnect(handle, Disposition);
        return true;
    }
}
