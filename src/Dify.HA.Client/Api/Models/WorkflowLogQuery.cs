namespace Dify.HA.Client;

/// <summary>Filters and paging of <c>Workflows.GetLogsAsync</c> (<c>GET /workflows/logs</c>).</summary>
public sealed record WorkflowLogQuery
{
    /// <summary>Text to search for. Default: none.</summary>
    public string? Keyword { get; init; }

    /// <summary>Only runs with this status: <c>succeeded</c>, <c>failed</c> or <c>stopped</c>. Default: any.</summary>
    public string? Status { get; init; }

    /// <summary>1-based page, at most 99999. Default 1.</summary>
    public int Page { get; init; } = 1;

    /// <summary>Entries per page, 1 to 100. Default 20.</summary>
    public int Limit { get; init; } = 20;

    /// <summary>Only entries created before this instant. Default: none.</summary>
    public DateTimeOffset? CreatedBefore { get; init; }

    /// <summary>Only entries created after this instant. Default: none.</summary>
    public DateTimeOffset? CreatedAfter { get; init; }

    /// <summary>Only runs of this end-user session id. Default: none.</summary>
    public string? CreatedByEndUserSessionId { get; init; }

    /// <summary>Only runs started by this console account (its e-mail). Default: none.</summary>
    public string? CreatedByAccount { get; init; }
}
