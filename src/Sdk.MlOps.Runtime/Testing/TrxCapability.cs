using Microsoft.Testing.Extensions.TrxReport.Abstractions;

namespace Sdk.MlOps.Testing;

/// <summary>Tells the TRX extension that the gates can be reported in a TRX file (--report-trx).</summary>
internal sealed class TrxCapability : ITrxReportCapability
{
    public bool IsSupported => true;

    public void Enable()
    {
        // Nothing to switch on: the gate nodes carry everything the TRX file needs.
    }
}
