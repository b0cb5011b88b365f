using PrintFarm.Farm.Printers;
using PrintFarm.Farm.Queries;

namespace PrintFarm.Coordinator.Agents.Broker;

/// <summary>
/// Which agent each printer is behind, for the broker's ACL: read from the <see cref="PrinterDirectory"/>, which holds
/// every printer in memory and moves with each commit, so a printer registered a moment ago works at once and the
/// broker's publish path never reads the store.
/// </summary>
public sealed class AgentPrinters
{
    private readonly PrinterDirectory _printers;

    public AgentPrinters(PrinterDirectory printers) => _printers = printers;

    /// <summary>True when the printer is registered with <c>link: agent</c> and <paramref name="agentId"/> as its address.</summary>
    public async ValueTask<bool> IsBehindAsync(string agentId, string printerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        ArgumentNullException.ThrowIfNull(printerId);
        var printer = await _printers.GetAsync(printerId, cancellationToken).ConfigureAwait(false);
        return printer is { LinkKind: LinkKind.Agent } && printer.LinkAddress == agentId;
    }
}
