namespace Dify.HA.Client;

/// <summary>Knowledge tags (workspace-wide) and their bindings to datasets.</summary>
public interface IDifyKnowledgeTagsApi
{
    /// <summary>Creates a tag (<c>createKnowledgeTag</c>).</summary>
    /// <param name="name">The name, 1 to 50 characters.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The tag.</returns>
    Task<DifyKnowledgeTag> CreateAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Lists the workspace's knowledge tags (<c>getKnowledgeTags</c>; not paged).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The tags.</returns>
    Task<IReadOnlyList<DifyKnowledgeTag>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Renames a tag (<c>updateKnowledgeTag</c>).</summary>
    /// <param name="tagId">The tag id.</param>
    /// <param name="name">The new name, 1 to 50 characters.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The tag.</returns>
    Task<DifyKnowledgeTag> UpdateAsync(string tagId, string name, CancellationToken cancellationToken = default);

    /// <summary>Deletes a tag (<c>deleteKnowledgeTag</c>; the id goes in a JSON body).</summary>
    /// <param name="tagId">The tag id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task completed when Dify answered.</returns>
    Task DeleteAsync(string tagId, CancellationToken cancellationToken = default);

    /// <summary>Binds tags to a dataset (<c>bindTagsToDataset</c>).</summary>
    /// <param name="datasetId">The dataset id.</param>
    /// <param name="tagIds">At least one tag id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task completed when Dify answered.</returns>
    Task BindAsync(string datasetId, IReadOnlyList<string> tagIds, CancellationToken cancellationToken = default);

    /// <summary>Removes tags from a dataset (<c>unbindTagFromDataset</c>).</summary>
    /// <param name="datasetId">The dataset id.</param>
    /// <param name="tagIds">At least one tag id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task completed when Dify answered.</returns>
    Task UnbindAsync(string datasetId, IReadOnlyList<string> tagIds, CancellationToken cancellationToken = default);

    /// <summary>Lists the tags bound to a dataset (<c>queryDatasetTags</c>).</summary>
    /// <param name="datasetId">The dataset id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The tags (id and name).</returns>
    Task<IReadOnlyList<DifyKnowledgeTag>> ListForDatasetAsync(string datasetId, CancellationToken cancellationToken = default);
}
