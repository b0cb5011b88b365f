using Microsoft.Extensions.Logging;
using PrintFarm.Printing.Profiles;
using PrintFarm.Wire;

namespace PrintFarm.Agent;

/// <summary>What every printer loop of one agent shares.</summary>
internal sealed record AgentContext(
    AgentOptions Options,
    Topics Topics,
    BrokerLink Broker,
    CommandJournal Journal,
    GcodeDownloader Downloader,
    ProfileCatalog Profiles,
    PrinterPortOpener OpenPort,
    TimeProvider Time,
    ILoggerFactory Loggers,
    string Session,
    string DataDirectory);
