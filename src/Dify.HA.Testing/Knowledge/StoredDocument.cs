using System.Text.Json.Nodes;

namespace Dify.HA.Testing.Knowledge;

/// <summary>
/// A document of a dataset. Its indexing state is not stored: <see cref="IndexingClock"/> derives it from
/// <see cref="IndexingStartedAt"/> and the emulator's clock, so it advances on a FakeTimeProvider without any timer.
/// </summary>
internal sealed class StoredDocument
{
    public required Guid Id { get; init; }

    public required Guid DatasetId { get; init; }

    public required int Position { get; init; }

    public required string Name { get; set; }

    /// <summary>The uploaded file (documents created by text get one too, as in Dify).</summary>
    public required Guid FileId { get; set; }

    public required string Text { get; set; }

    public required string DocForm { get; set; }

    public string DocLanguage { get; set; } = "English";

    public JsonObject? ProcessRule { get; set; }

    /// <summary>The batch of the last create or update; <c>GET …/documents/{batch}/indexing-status</c> looks it up.</summary>
    public required string Batch { get; set; }

    public required DateTimeOffset IndexingStartedAt { get; set; }

    /// <summary>The text asked for a failed indexing (the <see cref="IndexingClock.ErrorMarker"/>).</summary>
    public bool FailIndexing { get; set; }

    public bool Enabled { get; set; } = true;

    public DateTimeOffset? DisabledAt { get; set; }

    public bool Archived { get; set; }

    public int HitCount { get; set; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Custom metadata values by field id.</summary>
    public Dictionary<Guid, string?> Metadata { get; } = [];
}
