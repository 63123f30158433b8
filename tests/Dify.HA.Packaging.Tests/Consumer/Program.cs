// The consumer app of the packaging test: what a user writes after `dotnet add package Dify.HA.Client` and
// `dotnet add package Dify.HA.Testing`. It starts the emulator from the Testing package, makes a blocking and a
// streamed chat through the client, and prints one line the test asserts on.
using System.Text;
using Dify.HA.Client;
using Dify.HA.Testing;
using Microsoft.Extensions.DependencyInjection;

await using var dify = await DifyEmulator.StartAsync(new DifyEmulatorOptions { TokenDelay = TimeSpan.Zero });

var services = new ServiceCollection();
services.AddDifyClient(o =>
{
    o.BaseUrl = dify.BaseUrl;
    o.ApiKey = "app-chat";
});
await using var provider = services.BuildServiceProvider();
var client = provider.GetRequiredService<IDifyClient>();

var reply = await client.Chat.SendAsync(new ChatMessageRequest { Query = "Hello", User = "consumer" });

var streamed = new StringBuilder();
var ended = false;
await foreach (var e in client.Chat.StreamAsync(new ChatMessageRequest
{
    Query = "Tell me more",
    User = "consumer",
    ConversationId = reply.ConversationId,
}))
{
    if (e is MessageEvent m) streamed.Append(m.Answer);
    if (e is MessageEndEvent) ended = true;
}

if (string.IsNullOrEmpty(reply.Answer) || streamed.Length == 0 || !ended)
{
    Console.Error.WriteLine($"consumer: empty answer (blocking {reply.Answer?.Length ?? 0} chars, streamed {streamed.Length} chars, message_end {ended})");
    return 1;
}

Console.WriteLine($"CONSUMER OK blocking={reply.Answer.Length} streamed={streamed.Length} conversation={reply.ConversationId} emulator_generations={dify.Stats.GenerationsStarted}");
return 0;
