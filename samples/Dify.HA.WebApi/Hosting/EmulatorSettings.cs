namespace Dify.HA.WebApi.Hosting;

/// <summary>
/// The in-process Dify emulator the sample starts when no Dify is configured (section <c>Emulator</c>). It is a
/// two-region topology (<c>region-0</c> primary, <c>region-1</c> backup, one endpoint each) serving the app key
/// <c>app-chat</c>.
/// </summary>
public sealed class EmulatorSettings
{
    /// <summary>The configuration section: <c>Emulator</c>.</summary>
    public const string SectionName = "Emulator";

    /// <summary>null (default): start the emulator when <c>Dify:Clients:Default</c> has neither <c>BaseUrl</c> nor
    /// <c>Topology:Regions</c>; true: always (the Dify settings are replaced); false: never.</summary>
    public bool? Enabled { get; set; }

    /// <summary>Delay between streamed tokens, so the page visibly streams. Default 40 ms; 0 to 1 min.</summary>
    public TimeSpan TokenDelay { get; set; } = TimeSpan.FromMilliseconds(40);
}
