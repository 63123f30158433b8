namespace Dify.HA.WorkerService;

/// <summary>The task payload: one document to index.</summary>
/// <param name="Key">The document's stable id (a relative path): it becomes the Dify document name and the upsert key.</param>
/// <param name="Text">The content.</param>
/// <param name="ContentHash">SHA-256 of the content (hex): with the key, the task's idempotency key.</param>
public sealed record IndexDocument(string Key, string Text, string ContentHash);
