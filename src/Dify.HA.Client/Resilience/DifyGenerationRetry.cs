namespace Dify.HA.Client;

/// <summary>
/// Per-call opt-in to retrying generations after ambiguous failures (see
/// <see cref="DifyResilienceOptions.AllowGenerationRetry"/> for the per-client one):
/// <c>using (DifyGenerationRetry.Allow()) { await client.Chat.SendAsync(…); }</c>. The scope flows with the async
/// context; enumerate a stream inside it.
/// </summary>
public static class DifyGenerationRetry
{
    private static readonly AsyncLocal<bool> Allowed = new();

    /// <summary>True inside an <see cref="Allow"/> scope.</summary>
    public static bool IsAllowed => Allowed.Value;

    /// <summary>Allows generation retries until the returned scope is disposed.</summary>
    /// <returns>The scope; dispose it to restore the previous setting.</returns>
    public static IDisposable Allow()
    {
        var previous = Allowed.Value;
        Allowed.Value = true;
        return new Scope(previous);
    }

    private sealed class Scope(bool previous) : IDisposable
    {
        public void Dispose() => Allowed.Value = previous;
    }
}
