namespace Dify.HA.Client.Resilience.Internal;

/// <summary>What an attempt says about the endpoint's health (not about the call).</summary>
internal enum HaOutcome
{
    /// <summary>The endpoint answered well.</summary>
    Success,

    /// <summary>The endpoint failed (connection, timeout, 5xx, broken stream).</summary>
    Failure,

    /// <summary>Says nothing about the endpoint (a 4xx about the request, a throttle, a caller's cancellation).</summary>
    Neutral,
}
