namespace Dify.HA.Data.Telemetry;

/// <summary>
/// The data package's telemetry vocabulary in one place: names of its ActivitySource and Meter.
/// </summary>
public static class DifyDataTelemetry
{
    /// <summary>The name of the data package's ActivitySource and Meter: <c>Dify.HA.Data</c>.</summary>
    public const string SourceName = "Dify.HA.Data";
}
