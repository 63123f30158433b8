namespace Dify.HA.Demo.Clients;

/// <summary>One way of calling Dify (the HA client, or a plain HttpClient), so the same load and script drive both.</summary>
internal interface IDemoClient : IAsyncDisposable
{
    /// <summary>Row name in the summary.</summary>
    string Name { get; }

    /// <summary>Makes one call; true when it completed (a stream read to its terminal event). Failures may throw.</summary>
    Task<bool> CallAsync(CallKind kind, string query, string user, CancellationToken cancellationToken);
}
