using System.Text.Json;

namespace Dify.HA.Client;

/// <summary>The <c>data</c> of <c>human_input_form_filled</c>.</summary>
public sealed record DifyHumanInputFormFilledData
{
    /// <summary>Id of the Human Input node.</summary>
    public string? NodeId { get; init; }

    /// <summary>Title of the Human Input node.</summary>
    public string? NodeTitle { get; init; }

    /// <summary>The form body rendered with the submitted values.</summary>
    public string? RenderedContent { get; init; }

    /// <summary>The chosen action id.</summary>
    public string? ActionId { get; init; }

    /// <summary>The chosen action's label.</summary>
    public string? ActionText { get; init; }

    /// <summary>The submitted values keyed by output variable name.</summary>
    public IReadOnlyDictionary<string, JsonElement>? SubmittedData { get; init; }
}
