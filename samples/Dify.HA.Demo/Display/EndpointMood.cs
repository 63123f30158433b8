namespace Dify.HA.Demo.Display;

/// <summary>The colour of an endpoint's state.</summary>
internal enum EndpointMood
{
    Good,
    Recovering,
    Bad,
    Unknown,
}
