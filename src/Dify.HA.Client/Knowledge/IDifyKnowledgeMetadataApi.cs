namespace Dify.HA.Client;

/// <summary>Metadata fields of a dataset (custom and built-in) and the values on its documents.</summary>
public interface IDifyKnowledgeMetadataApi
{
    /// <summary>Adds a metadata field (<c>createMetadataField</c>).</summary>
    /// <param name="datasetId">The dataset id.</param>
    /// <param name="type">The field type.</param>
    /// <param name="name">The field name, non-blank.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The field.</returns>
    Task<DifyMetadataField> CreateAsync(string datasetId, DifyMetadataFieldType type, string name, CancellationToken cancellationToken = default);

    /// <summary>Lists a dataset's metadata fields (<c>listMetadataFields</c>).</summary>
    /// <param name="datasetId">The dataset id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The fields and whether built-in ones are on.</returns>
    Task<DifyMetadataFieldList> ListAsync(string datasetId, CancellationToken cancellationToken = default);

    /// <summary>Renames a metadata field (<c>updateMetadataField</c>).</summary>
    /// <param name="datasetId">The dataset id.</param>
    /// <param name="metadataId">The field id.</param>
    /// <param name="name">The new name, non-blank.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The field.</returns>
    Task<DifyMetadataField> UpdateAsync(string datasetId, string metadataId, string name, CancellationToken cancellationToken = default);

    /// <summary>Deletes a metadata field (<c>deleteMetadataField</c>).</summary>
    /// <param name="datasetId">The dataset id.</param>
    /// <param name="metadataId">The field id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task completed when Dify answered 204.</returns>
    Task DeleteAsync(string datasetId, string metadataId, CancellationToken cancellationToken = default);

    /// <summary>Lists the built-in metadata fields (<c>getBuiltInMetadataFields</c>).</summary>
    /// <param name="datasetId">The dataset id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The fields (name and type).</returns>
    Task<IReadOnlyList<DifyMetadataField>> ListBuiltInAsync(string datasetId, CancellationToken cancellationToken = default);

    /// <summary>Turns the built-in metadata fields on or off (<c>toggleBuiltInMetadataField</c>).</summary>
    /// <param name="datasetId">The dataset id.</param>
    /// <param name="enabled">True for <c>enable</c>, false for <c>disable</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task completed when Dify accepted it.</returns>
    Task SetBuiltInEnabledAsync(string datasetId, bool enabled, CancellationToken cancellationToken = default);

    /// <summary>Sets metadata values on documents (<c>batchUpdateDocumentMetadata</c>).</summary>
    /// <param name="datasetId">The dataset id.</param>
    /// <param name="updates">At least one document's values.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task completed when Dify accepted it.</returns>
    Task UpdateDocumentsAsync(string datasetId, IReadOnlyList<DocumentMetadataUpdate> updates, CancellationToken cancellationToken = default);
}
