using System.Text.Json.Nodes;
using Dify.HA.Testing.Tests.Support;

namespace Dify.HA.Testing.Tests.Regions;

public sealed class RegionStoreTests
{
    [Fact]
    public async Task Conversation_of_region_A_is_visible_from_another_endpoint_of_A_and_404_in_region_B()
    {
        await using var topology = await DifyEmulatorTopology.StartAsync(2, 2, o => o.TokenDelay = TimeSpan.Zero);
        Assert.Equal(["region-0", "region-1"], topology.Regions.Select(r => r.Name));
        Assert.Equal("region-0-1", topology.Regions[0].Endpoints[1].Name);
        Assert.Equal("region-1", topology.Regions[1].Endpoints[0].Region);
        using var a0 = Http.Client(topology.Regions[0].Endpoints[0]);
        using var a1 = Http.Client(topology.Regions[0].Endpoints[1]);
        using var b0 = Http.Client(topology.Regions[1].Endpoints[0]);

        var created = await Http.PostJsonAsync(a0, "chat-messages", Http.ChatBody("Where am I?"));
        var conversation = created["conversation_id"]!.GetValue<string>();

        var fromSibling = await Http.GetJsonAsync(a1, $"messages?conversation_id={conversation}&user=tester");
        Assert.Equal(created["message_id"]!.GetValue<string>(), fromSibling["data"]![0]!["id"]!.GetValue<string>());
        var followUp = await Http.PostJsonAsync(a1, "chat-messages", Http.ChatBody("Follow-up", conversationId: conversation));
        Assert.Equal(conversation, followUp["conversation_id"]!.GetValue<string>());

        using var otherRegion = await Http.PostAsync(b0, "chat-messages", Http.ChatBody("Follow-up", conversationId: conversation));
        Assert.Equal(404, (int)otherRegion.StatusCode);
        await Http.GetJsonAsync(b0, $"messages?conversation_id={conversation}&user=tester", expectedStatus: 404);
    }

    [Fact]
    public async Task Workflow_run_is_readable_from_its_region_only()
    {
        await using var topology = await DifyEmulatorTopology.StartAsync(2, 2, o => o.TokenDelay = TimeSpan.Zero);
        using var a0 = Http.Client(topology.Regions[0].Endpoints[0], "app-workflow");
        using var a1 = Http.Client(topology.Regions[0].Endpoints[1], "app-workflow");
        using var b1 = Http.Client(topology.Regions[1].Endpoints[1], "app-workflow");

        var run = await Http.PostJsonAsync(a0, "workflows/run", Http.WorkflowBody(new JsonObject { ["query"] = "x" }));
        var id = run["workflow_run_id"]!.GetValue<string>();

        var detail = await Http.GetJsonAsync(a1, $"workflows/run/{id}");
        Assert.Equal("succeeded", detail["status"]!.GetValue<string>());
        Assert.Equal(run["data"]!["outputs"]!.ToJsonString(), detail["outputs"]!.ToJsonString());
        await Http.GetJsonAsync(b1, $"workflows/run/{id}", expectedStatus: 404);
    }

    [Fact]
    public async Task Standalone_instances_with_the_same_region_name_share_a_store()
    {
        var region = "shared-" + Guid.NewGuid().ToString("N");
        await using var first = await DifyEmulator.StartAsync(new DifyEmulatorOptions { Name = "x-1", Region = region, TokenDelay = TimeSpan.Zero });
        await using var second = await DifyEmulator.StartAsync(new DifyEmulatorOptions { Name = "x-2", Region = region, TokenDelay = TimeSpan.Zero });
        await using var alone = await DifyEmulator.StartAsync(new DifyEmulatorOptions { TokenDelay = TimeSpan.Zero });
        using var c1 = Http.Client(first);
        using var c2 = Http.Client(second);
        using var c3 = Http.Client(alone);

        var created = await Http.PostJsonAsync(c1, "chat-messages", Http.ChatBody("hi"));
        var path = $"messages?conversation_id={created["conversation_id"]}&user=tester";

        Assert.Equal(region, second.Region);
        await Http.GetJsonAsync(c2, path);
        await Http.GetJsonAsync(c3, path, expectedStatus: 404);
    }

    [Fact]
    public async Task Messages_page_from_the_latest_and_run_oldest_to_newest_inside_a_page()
    {
        await using var emulator = await DifyEmulator.StartAsync(new DifyEmulatorOptions { TokenDelay = TimeSpan.Zero });
        using var client = Http.Client(emulator);
        string? conversation = null;
        for (var i = 1; i <= 5; i++)
        {
            var answer = await Http.PostJsonAsync(client, "chat-messages", Http.ChatBody("q" + i, conversationId: conversation));
            conversation = answer["conversation_id"]!.GetValue<string>();
        }

        var latest = await Http.GetJsonAsync(client, $"messages?conversation_id={conversation}&user=tester&limit=2");
        Assert.Equal(["q4", "q5"], latest["data"]!.AsArray().Select(m => m!["query"]!.GetValue<string>()));
        Assert.True(latest["has_more"]!.GetValue<bool>());

        var firstId = latest["data"]![0]!["id"]!.GetValue<string>();
        var older = await Http.GetJsonAsync(client, $"messages?conversation_id={conversation}&user=tester&limit=2&first_id={firstId}");
        Assert.Equal(["q2", "q3"], older["data"]!.AsArray().Select(m => m!["query"]!.GetValue<string>()));
        Assert.True(older["has_more"]!.GetValue<bool>());

        var oldest = await Http.GetJsonAsync(client, $"messages?conversation_id={conversation}&user=tester&limit=2&first_id={older["data"]![0]!["id"]}");
        Assert.Equal(["q1"], oldest["data"]!.AsArray().Select(m => m!["query"]!.GetValue<string>()));
        Assert.False(oldest["has_more"]!.GetValue<bool>());

        await Http.GetJsonAsync(client, $"messages?conversation_id={conversation}&user=tester&first_id={Guid.NewGuid()}", expectedStatus: 404);
        await Http.GetJsonAsync(client, $"messages?conversation_id={conversation}&user=tester&limit=101", expectedStatus: 400);
    }

    [Fact]
    public async Task Conversations_page_with_last_id_newest_updated_first()
    {
        await using var emulator = await DifyEmulator.StartAsync(new DifyEmulatorOptions { TokenDelay = TimeSpan.Zero });
        using var client = Http.Client(emulator);
        for (var i = 0; i < 3; i++)
            await Http.PostJsonAsync(client, "chat-messages", Http.ChatBody("c" + i, user: "pager"));

        var page = await Http.GetJsonAsync(client, "conversations?user=pager&limit=2");
        Assert.Equal(2, page["data"]!.AsArray().Count);
        Assert.True(page["has_more"]!.GetValue<bool>());
        var rest = await Http.GetJsonAsync(client, $"conversations?user=pager&limit=2&last_id={page["data"]![1]!["id"]}");
        Assert.Single(rest["data"]!.AsArray());
        Assert.False(rest["has_more"]!.GetValue<bool>());
        await Http.GetJsonAsync(client, $"conversations?user=pager&last_id={Guid.NewGuid()}", expectedStatus: 404);
    }
}
