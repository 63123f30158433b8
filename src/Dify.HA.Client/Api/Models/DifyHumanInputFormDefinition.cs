using System.Text.Json;

namespace Dify.HA.Client;

/// <summary>A paused run's human-input form (<c>GET /form/human_input/{form_token}</c>).</summary>
public sealed record DifyHumanInputFormDefinition
{
    /// <summary>The form's body, with workflow variables substituted.</summary>
    public string? FormContent { get; init; }

    /// <summary>The form's inputs.</summary>
    public IReadOnlyList<DifyHumanInputFieldDefinition>? Inputs { get; init; }

    /// <summary>Pre-rendered default values by <see cref="DifyHumanInputFieldDefinition.OutputVariableName"/>.</summary>
    public IReadOnlyDictionary<string, JsonElement>? ResolvedDefaultValues { get; init; }

    /// <summary>The buttons; submit one's <see cref="DifyHumanInputAction.Id"/> as the action.</summary>
    public IReadOnlyList<DifyHumanInputAction>? UserActions { get; init; }

    /// <summary>When the form expires, if it does.</summary>
    public DateTimeOffset? ExpirationTime { get; init; }
}
