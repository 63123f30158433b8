namespace Dify.HA.Client.Telemetry;

/// <summary>
/// The client's telemetry vocabulary in one place: the names of its <see cref="System.Diagnostics.ActivitySource"/>
/// and <see cref="System.Diagnostics.Metrics.Meter"/>, so that users can subscribe to them with OpenTelemetry.
/// </summary>
public static class DifyClientTelemetry
{
    /// <summary>The name of the client's ActivitySource and Meter: <c>Dify.HA.Client</c>.</summary>
    public const string SourceName = "Dify.HA.Client";
}
