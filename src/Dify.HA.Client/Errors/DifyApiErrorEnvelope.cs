using System.Text.Json;

namespace Dify.HA.Client.Errors;

/// <summary>Dify's error body <c>{"code", "message", "status", "params"?}</c>, also the shape of a stream <c>error</c> event.</summary>
internal sealed class DifyApiErrorEnvelope
{
    public string? Code { get; set; }

    public string? Message { get; set; }

    public int? Status { get; set; }

    // Usually a string (a parameter name), but nothing stops Dify from sending an object.
    public JsonElement? Params { get; set; }
}
