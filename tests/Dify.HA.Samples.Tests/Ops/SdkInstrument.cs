namespace Dify.HA.Samples.Tests.Ops;

/// <summary>One instrument the SDK publishes: its meter, name, unit and kind (the generic type definition, e.g.
/// <c>Counter&lt;T&gt;</c>). That is all the Prometheus exporter needs to name its series.</summary>
internal sealed record SdkInstrument(string Meter, string Name, string? Unit, Type Kind)
{
    public override string ToString() => $"{Meter}/{Name} ({Kind.Name}, unit '{Unit}')";
}
