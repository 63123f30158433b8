// The README's main job. With no arguments it starts an emulated Dify in-process (Dify.HA.Testing) and drives it
// through the typed client exactly as an application would: a blocking chat, a streamed chat that continues the
// same conversation, and a streamed workflow. Point it at a real Dify with --base-url and --chat-key/--workflow-key.
using System.Diagnostics;
using Dify.HA.Client;
using Dify.HA.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

var configuration = new ConfigurationBuilder()
    .AddEnvironmentVariables("DIFY_DEMO_")
    .AddCommandLine(args, new Dictionary<string, string>
    {
        ["--base-url"] = "BaseUrl",
        ["--chat-key"] = "ChatKey",
        ["--workflow-key"] = "WorkflowKey",
        ["--user"] = "User",
    })
    .Build();

await using var emulator = configuration["BaseUrl"] is null ? await DifyEmulator.StartAsync() : null;
var baseUrl = emulator?.BaseUrl ?? new Uri(configuration["BaseUrl"]!);
var user = configuration["User"] ?? "demo-user";

Console.WriteLine(emulator is null
    ? $"Dify at {baseUrl}"
    : $"Started the Dify emulator at {baseUrl} (apps: {string.Join(", ", emulator.Apps.Select(a => a.ApiKey))})");

var services = new ServiceCollection();
services.AddDifyClient("chat", o =>
{
    o.BaseUrl = baseUrl;
    o.ApiKey = configuration["ChatKey"] ?? "app-chat";
    o.DefaultUser = user;
});
services.AddDifyClient("workflow", o =>
{
    o.BaseUrl = baseUrl;
    o.ApiKey = configuration["WorkflowKey"] ?? "app-workflow";
    o.DefaultUser = user;
});
await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
var clients = provider.GetRequiredService<IDifyClientFactory>();
var chat = clients.CreateClient("chat");
var workflow = clients.CreateClient("workflow");

// 1. A blocking chat message.
var clock = Stopwatch.StartNew();
var reply = await chat.Chat.SendAsync(new ChatMessageRequest { Query = "What does Dify.HA do?", User = user });
Console.WriteLine();
Console.WriteLine($"== Blocking chat ({clock.ElapsedMilliseconds} ms, {reply.Metadata?.Usage?.TotalTokens ?? 0} tokens)");
Console.WriteLine(reply.Answer);

// 2. A streamed chat message in the same conversation, printed token by token.
Console.WriteLine();
Console.WriteLine("== Streamed chat (same conversation)");
clock.Restart();
var streamed = new ChatMessageRequest { Query = "And how does it fail over?", User = user, ConversationId = reply.ConversationId };
var events = 0;
await foreach (var e in chat.Chat.StreamAsync(streamed))
{
    events++;
    switch (e)
    {
        case MessageEvent m:
            Console.Write(m.Answer);
            break;
        case MessageEndEvent end:
            Console.WriteLine();
            Console.WriteLine($"   [{events} events, {clock.ElapsedMilliseconds} ms, {end.Metadata?.Usage?.TotalTokens ?? 0} tokens, conversation {end.ConversationId}]");
            break;
    }
}

// 3. A streamed workflow run, collected into its outputs with the helper.
Console.WriteLine();
Console.WriteLine("== Streamed workflow");
clock.Restart();
var run = await workflow.Workflows
    .StreamAsync(new WorkflowRunRequest { Inputs = new Dictionary<string, object?> { ["topic"] = "regional failover" }, User = user })
    .CollectWorkflowAsync();
Console.WriteLine($"   run {run.WorkflowRunId}: {run.Status} in {clock.ElapsedMilliseconds} ms");
foreach (var (name, value) in run.Outputs ?? new Dictionary<string, System.Text.Json.JsonElement>())
{
    Console.WriteLine($"   {name} = {value}");
}

Console.WriteLine();
Console.WriteLine("Done.");
return 0;
