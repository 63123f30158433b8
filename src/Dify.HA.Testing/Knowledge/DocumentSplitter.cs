namespace Dify.HA.Testing.Knowledge;

/// <summary>Turns a document's text into its segments (and child chunks for hierarchical documents) at create/update time.</summary>
internal static class DocumentSplitter
{
    public static void Split(KnowledgeStore store, StoredDocument document, DateTimeOffset now)
    {
        var position = 1;
        foreach (var content in TextSplitter.Segments(document.Text, document.ProcessRule))
        {
            var segment = new StoredSegment
            {
                Id = Guid.NewGuid(),
                DatasetId = document.DatasetId,
                DocumentId = document.Id,
                Position = position++,
                Content = content,
                Answer = document.DocForm == "qa_model" ? "Emulated answer to: " + content : null,
                Keywords = TextSplitter.Keywords(content),
                CreatedAt = now,
                UpdatedAt = now,
            };
            if (document.DocForm == "hierarchical_model")
            {
                foreach (var child in TextSplitter.Children(content))
                {
                    segment.ChildChunks.Add(new StoredChildChunk
                    {
                        Id = Guid.NewGuid(),
                        SegmentId = segment.Id,
                        Content = child,
                        Position = segment.NextChildPosition++,
                        Type = "automatic",
                        CreatedAt = now,
                        UpdatedAt = now,
                    });
                }
            }

            store.Segments[segment.Id] = segment;
        }
    }
}
