using System.Text.Json.Serialization;

namespace Dify.HA.Client.Api;

/// <summary>The body of <c>PUT /conversations/{id}/variables/{variable_id}</c>.</summary>
internal sealed record UpdateVariableBody(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] object? Value,
    string User);
