using System.Diagnostics;
using System.Reflection;

namespace Dify.HA.Client.Telemetry;

/// <summary>The client's <see cref="ActivitySource"/> (named <see cref="DifyClientTelemetry.SourceName"/>), shared by the
/// API layer and the HA pipeline.</summary>
internal static class DifyClientActivity
{
    public static readonly ActivitySource Source = new(
        DifyClientTelemetry.SourceName,
        typeof(DifyClientActivity).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion);
}
