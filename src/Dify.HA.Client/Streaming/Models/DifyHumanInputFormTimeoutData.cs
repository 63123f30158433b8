namespace Dify.HA.Client;

/// <summary>The <c>data</c> of <c>human_input_form_timeout</c>.</summary>
public sealed record DifyHumanInputFormTimeoutData
{
    /// <summary>Id of the Human Input node.</summary>
    public string? NodeId { get; init; }

    /// <summary>Title of the Human Input node.</summary>
    public string? NodeTitle { get; init; }

    /// <summary>When the form expired.</summary>
    public DateTimeOffset? ExpirationTime { get; init; }
}
