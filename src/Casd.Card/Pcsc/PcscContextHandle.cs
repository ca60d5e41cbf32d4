using System.Runtime.InteropServices;

namespace Casd.Card.Pcsc;

/// <summary>An SCARDCONTEXT, released with SCardReleaseContext exactly once.</summary>
internal sealed class PcscContextHandle : SafeHandle
{
    private readonly IPcscApi _api;

    public PcscContextHandle(IPcscApi api, nint context)
        : base(0, ownsHandle: true)
    {
        _api = api;
        SetHandle(context);
    }

    public override bool IsInvalid => false;

    /// <summary>Establishes a context, turning a missing PC/SC library into the no-service exception.</summary>
    /// <exception cref="Transport.CardServiceUnavailableException">The service or its library is not there.</exception>
    public static PcscContextHandle Establish(IPcscApi api)
    {
        var rc = TryEstablish(api, out var context);
        PcscErrors.ThrowIfFailed(rc, "SCardEstablishContext");
        return context!;
    }

    /// <summary>Establishes a context; a missing PC/SC library reads as SCARD_E_NO_SERVICE.</summary>
    public static uint TryEstablish(IPcscApi api, out PcscContextHandle? context)
    {
        context = null;
        uint rc;
        nint value;
        try
        {
            rc = api.EstablishContext(out value);
        }
        catch (DllNotFoundException)
        {
            return (uint)PcscErrorCode.NoService;
        }
        catch (EntryPointNotFoundException)
        {
            return (uint)PcscErrorCode.NoService;
        }

        if (rc == 0)
        {
            context = new PcscContextHandle(api, value);
        }

        return rc;
    }

    /// <summary>Asks the service to end this context's blocking calls; harmless when none is running.</summary>
    public void Cancel()
    {
        if (!IsClosed)
        {
            _api.Cancel(handle);
        }
    }

    protected override bool ReleaseHandle()
    {
        _api.ReleaseContext(handle);
        return true;
    }
}
