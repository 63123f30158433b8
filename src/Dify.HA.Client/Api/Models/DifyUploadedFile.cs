namespace Dify.HA.Client;

/// <summary>A file uploaded with <c>POST /files/upload</c>; pass <see cref="Id"/> to <see cref="DifyInputFile.FromUpload"/>.</summary>
public sealed record DifyUploadedFile
{
    /// <summary>The file's id.</summary>
    public string? Id { get; init; }

    /// <summary>The file name.</summary>
    public string? Name { get; init; }

    /// <summary>The size in bytes.</summary>
    public long? Size { get; init; }

    /// <summary>The extension.</summary>
    public string? Extension { get; init; }

    /// <summary>The MIME type.</summary>
    public string? MimeType { get; init; }

    /// <summary>The uploading end user's id.</summary>
    public string? CreatedBy { get; init; }

    /// <summary>When the file was uploaded.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>A preview URL, if any.</summary>
    public string? PreviewUrl { get; init; }

    /// <summary>A signed download URL.</summary>
    public string? SourceUrl { get; init; }

    /// <summary>The original URL, if any.</summary>
    public string? OriginalUrl { get; init; }

    /// <summary>The tenant's id.</summary>
    public string? TenantId { get; init; }

    /// <summary>The conversation the file belongs to, if any.</summary>
    public string? ConversationId { get; init; }

    /// <summary>An opaque reference Dify uses in agent and tool contexts.</summary>
    public string? Reference { get; init; }
}
