using System.Text.Json;

namespace Dify.HA.Client;

/// <summary>
/// A Human Input form a paused workflow waits for: the <c>data</c> of <c>human_input_required</c> and each entry of a
/// paused run's <c>reasons</c>.
/// </summary>
public sealed record DifyHumanInputForm
{
    /// <summary>The pause reason type (<c>human_input_required</c>); set in <c>reasons[]</c> only.</summary>
    public string? Type { get; init; }

    /// <summary>Form instance id (for logs); use <see cref="FormToken"/> for Service API calls.</summary>
    public string? FormId { get; init; }

    /// <summary>Id of the Human Input node.</summary>
    public string? NodeId { get; init; }

    /// <summary>Title of the Human Input node.</summary>
    public string? NodeTitle { get; init; }

    /// <summary>The form body with workflow variables substituted.</summary>
    public string? FormContent { get; init; }

    /// <summary>The inputs the recipient fills in.</summary>
    public IReadOnlyList<DifyHumanInputField>? Inputs { get; init; }

    /// <summary>The buttons the recipient can choose.</summary>
    public IReadOnlyList<DifyHumanInputAction>? Actions { get; init; }

    /// <summary>Whether the form is also shown in Dify's console.</summary>
    public bool? DisplayInUi { get; init; }

    /// <summary>Token for the get/submit form endpoints (null for e-mail or console delivery).</summary>
    public string? FormToken { get; init; }

    /// <summary>Default values resolved from the workflow context, keyed by output variable name.</summary>
    public IReadOnlyDictionary<string, JsonElement>? ResolvedDefaultValues { get; init; }

    /// <summary>When the form expires.</summary>
    public DateTimeOffset? ExpirationTime { get; init; }
}
