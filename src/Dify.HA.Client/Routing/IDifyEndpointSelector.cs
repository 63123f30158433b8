namespace Dify.HA.Client.Routing;

/// <summary>Chooses the endpoint of the next attempt.</summary>
internal interface IDifyEndpointSelector
{
    /// <summary>Returns the endpoint to use, or null when nothing is selectable (the caller fails fast with a typed error).</summary>
    DifyEndpointState? Select(in EndpointSelectionContext context);
}
