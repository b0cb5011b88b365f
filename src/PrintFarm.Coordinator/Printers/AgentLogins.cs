using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PrintFarm.Coordinator.Agents.Broker;
using PrintFarm.Coordinator.Configuration;
using PrintFarm.Farm.Access;

namespace PrintFarm.Coordinator.Printers;

/// <summary>
/// An agent's MQTT login: a new agent key for the agent id and where its broker is. Made when the first printer behind
/// a new agent id is registered, and by <c>POST /api/me/agent-config</c>, which replaces the agent's earlier key.
/// </summary>
public static class AgentLogins
{
    public static async Task<AgentCredentials> IssueAsync(HttpContext http, string agentId, string actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        var keys = http.RequestServices.GetRequiredService<ApiKeyBook>();
        var mqtt = http.RequestServices.GetRequiredService<CoordinatorMqttOptions>();
        var options = http.RequestServices.GetRequiredService<ServeOptions>();
        var name = $"agent {agentId}";
        var issued = await keys.CreateAsync(name[..Math.Min(name.Length, ApiKeyBook.MaxNameLength)], ApiRole.Agent, owner: agentId, printerId: null, actor, ct)
            .ConfigureAwait(false);
        return new AgentCredentials(agentId, issued.Secret, mqtt.BrokerUrlForAgents(options.PublicBase.Host));
    }
}
