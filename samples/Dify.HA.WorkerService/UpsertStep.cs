namespace Dify.HA.WorkerService;

/// <summary>What the effect-once upsert step remembers, so that a retried task waits for the indexing it already
/// started instead of uploading the document again.</summary>
/// <param name="DocumentId">The Dify document id.</param>
/// <param name="Batch">The indexing batch; null when the create was recovered after a lost answer.</param>
/// <param name="Outcome">What the upsert did.</param>
public sealed record UpsertStep(string DocumentId, string? Batch, string Outcome);
