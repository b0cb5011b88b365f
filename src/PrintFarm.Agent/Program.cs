using System.CommandLine;
using PrintFarm.Agent;

// The agent alone (printfarm-agent), the build a Raspberry Pi next to a printer runs; `printfarm agent` is the same.
var root = new RootCommand("PrintFarm agent: drives the printers next to it for a coordinator, over MQTT.");
AgentCommand.Configure(root);
return await root.Parse(args).InvokeAsync();
