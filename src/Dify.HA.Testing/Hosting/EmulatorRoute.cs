namespace Dify.HA.Testing.Hosting;

/// <summary>
/// One operation: method, path template under <c>/v1</c> (e.g. <c>/chat-messages/{task_id}/stop</c>) and handler.
/// Knowledge routes take dataset keys instead of app keys.
/// </summary>
internal sealed class EmulatorRoute(string method, string template, Func<RequestScope, Task> handler, bool knowledge = false)
{
    private readonly string[] _segments = template.Trim('/').Split('/');

    public string Method { get; } = method;

    public string Template { get; } = template;

    public string Operation { get; } = method + " " + template;

    public Func<RequestScope, Task> Handler { get; } = handler;

    /// <summary>Whether this is a Knowledge API operation (authenticated with a dataset key).</summary>
    public bool Knowledge { get; } = knowledge;

    /// <summary>Matches path segments (after <c>/v1</c>); <c>{name}</c> segments capture values.</summary>
    public bool TryMatch(string[] path, out Dictionary<string, string> values)
    {
        values = [];
        if (path.Length != _segments.Length)
            return false;
        for (var i = 0; i < path.Length; i++)
        {
            var segment = _segments[i];
            if (segment.StartsWith('{'))
            {
                if (path[i].Length == 0)
                    return false;
                values[segment[1..^1]] = Uri.UnescapeDataString(path[i]);
            }
            else if (!string.Equals(segment, path[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
