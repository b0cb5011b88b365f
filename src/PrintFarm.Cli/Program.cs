using System.CommandLine;
using PrintFarm.Cli;
var root = new RootCommand("PrintFarm: print-farm orchestration for maker networks and fab labs.");
CliCommands.AddAll(root);
return await root.Parse(args).InvokeAsync();
