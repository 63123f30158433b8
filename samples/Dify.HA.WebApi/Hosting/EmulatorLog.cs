namespace Dify.HA.WebApi.Hosting;

/// <summary>Start-up lines of the embedded emulator mode.</summary>
internal static partial class EmulatorLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "No Dify configured (Dify:Clients:Default:BaseUrl or :Topology:Regions): serving the in-process Dify emulator, {Regions}.")]
    public static partial void Embedded(ILogger logger, string regions);
}
