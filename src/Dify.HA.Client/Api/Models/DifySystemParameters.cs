namespace Dify.HA.Client;

/// <summary>The deployment's file limits, as <c>GET /parameters</c> reports them.</summary>
public sealed record DifySystemParameters
{
    /// <summary>Maximum general file size in MB.</summary>
    public int? FileSizeLimit { get; init; }

    /// <summary>Maximum image size in MB.</summary>
    public int? ImageFileSizeLimit { get; init; }

    /// <summary>Maximum audio size in MB.</summary>
    public int? AudioFileSizeLimit { get; init; }

    /// <summary>Maximum video size in MB.</summary>
    public int? VideoFileSizeLimit { get; init; }

    /// <summary>Maximum files per workflow run.</summary>
    public int? WorkflowFileUploadLimit { get; init; }
}
