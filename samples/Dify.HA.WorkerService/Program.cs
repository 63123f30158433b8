// A document-indexing worker: a producer enqueues one task per document (idempotency key = path + content hash), the
// handler upserts the document into a Dify dataset by that key and waits for Dify to index it; transient failures
// are retried by the task queue, permanent ones dead-lettered. With no configuration it starts the Dify emulator
// in-process, indexes a few built-in documents (one of them fails on purpose), prints a summary and exits.
// See README.md next to this file for pointing it at a real Dify and at Redis or PostgreSQL.
using Dify.HA.WorkerService;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

try
{
    await using var app = await IndexerApp.CreateAsync(args);
    var report = app.Host.Services.GetRequiredService<IndexingReport>();
    await app.Host.RunAsync();
    return report.ExitCode;
}
catch (OptionsValidationException e)
{
    // A configuration mistake: the message names the key and the fix (and never holds a secret).
    await Console.Error.WriteLineAsync($"Configuration error: {e.Message}");
    return 2;
}
