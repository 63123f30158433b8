using Dify.HA.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dify.HA.WorkerService;

/// <summary>Finds the dataset once (by id, or by name, creating it if missing) and remembers it. Called from the
/// handler, so a failure here is an ordinary task failure and is retried with the task's backoff.</summary>
public sealed class DatasetResolver(
    [FromKeyedServices(IndexerOptions.ClientName)] IDifyKnowledgeClient kb,
    IOptions<IndexerOptions> options,
    ILogger<DatasetResolver> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile string? _datasetId = string.IsNullOrWhiteSpace(options.Value.DatasetId) ? null : options.Value.DatasetId;

    /// <summary>The dataset id once known; null before the first document.</summary>
    public string? DatasetId => _datasetId;

    /// <summary>The dataset id: configured, found by name, or created.</summary>
    public async Task<string> GetAsync(CancellationToken cancellationToken)
    {
        if (_datasetId is { } known) return known;
        // One caller at a time: two concurrent handlers must not both create the dataset.
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_datasetId is { } again) return again;
            var name = options.Value.DatasetName;
            var id = await FindAsync(name, cancellationToken);
            if (id is null)
            {
                try
                {
                    id = (await kb.Datasets.CreateAsync(new CreateDatasetRequest { Name = name, IndexingTechnique = "high_quality" }, cancellationToken)).Id;
                    WorkerLog.DatasetCreated(logger, name, id);
                }
                catch (DifyApiException e) when (e.Code == "dataset_name_duplicate" || e.Classification == DifyFailureClass.Ambiguous)
                {
                    // The create may have taken effect (lost answer) or another worker made it: look again.
                    id = await FindAsync(name, cancellationToken);
                    if (id is null) throw;
                }
            }
            else
            {
                WorkerLog.DatasetFound(logger, name, id);
            }

            _datasetId = id ?? throw new InvalidOperationException("Dify answered the dataset create without an id.");
            return id;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();

    private async Task<string?> FindAsync(string name, CancellationToken cancellationToken)
    {
        // Dify's keyword is a substring match: keep the exact name only.
        await foreach (var dataset in kb.Datasets.ListAllAsync(keyword: name, cancellationToken: cancellationToken))
        {
            if (string.Equals(dataset.Name, name, StringComparison.Ordinal)) return dataset.Id;
        }

        return null;
    }
}
