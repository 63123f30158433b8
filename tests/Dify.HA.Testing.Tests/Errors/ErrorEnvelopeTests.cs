using System.Net;
using System.Text.Json.Nodes;
using Dify.HA.Testing.Tests.Support;

namespace Dify.HA.Testing.Tests.Errors;

public sealed class ErrorEnvelopeTests : IAsyncLifetime
{
    private DifyEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await DifyEmulator.StartAsync(new DifyEmulatorOptions { TokenDelay = TimeSpan.Zero });

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    private static async Task AssertError(HttpResponseMessage response, int status, string code, string? message = null)
    {
        var body = await Http.JsonOf(response);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(code, body["code"]!.GetValue<string>());
        Assert.Equal(status, body["status"]!.GetValue<int>());
        if (message is not null)
            Assert.Equal(message, body["message"]!.GetValue<string>());
        Assert.Equal(["code", "message", "status"], body.Select(p => p.Key).Order());
        Assert.True(response.Headers.Contains("X-Version") && response.Headers.Contains("X-Env"));
        Assert.False(response.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task Missing_authorization_answers_401_with_Dify_message_and_WWW_Authenticate()
    {
        using var client = Http.Client(_emulator, key: null);
        using var response = await client.GetAsync("info");

        await AssertError(response, 401, "unauthorized", "Authorization header must be provided and start with 'Bearer'");
        Assert.Equal("Bearer realm=\"api\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Unknown_key_answers_401_access_token_is_invalid()
    {
        using var client = Http.Client(_emulator, key: "app-unknown");
        using var response = await client.PostAsync("chat-messages", Http.Json(Http.ChatBody("x")));

        await AssertError(response, 401, "unauthorized", "Access token is invalid");
        Assert.Equal("Bearer realm=\"api\"", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal(0, _emulator.Stats.GenerationsStarted);
    }

    [Fact]
    public async Task Health_and_v1_root_answer_without_auth_with_Dify_bodies_and_headers()
    {
        using var client = new HttpClient { BaseAddress = _emulator.RootUrl };
        using var health = await client.GetAsync("health");
        using var root = await client.GetAsync("v1/");
        var h = await Http.JsonOf(health);
        var r = await Http.JsonOf(root);

        Assert.Equal("ok", h["status"]!.GetValue<string>());
        Assert.True(h["pid"]!.GetValue<int>() > 0);
        Assert.Equal("Dify OpenAPI", r["welcome"]!.GetValue<string>());
        Assert.Equal("v1", r["api_version"]!.GetValue<string>());
        Assert.Equal("1.11.1", health.Headers.GetValues("X-Version").Single());
        Assert.Equal("PRODUCTION", root.Headers.GetValues("X-Env").Single());
    }

    [Fact]
    public async Task Unknown_conversation_answers_404_exactly_like_the_contract_fixture()
    {
        using var client = Http.Client(_emulator);
        using var response = await client.PostAsync("chat-messages", Http.Json(Http.ChatBody("x", conversationId: Guid.NewGuid().ToString())));
        var fixture = JsonNode.Parse(Support.Contract.Fixture("error_404_conversation_not_exists.json"))!;

        await AssertError(response, 404, "not_found");
        Assert.True(JsonNode.DeepEquals(fixture, await Http.JsonOf(response)));
    }

    [Theory]
    [InlineData("app-agent", "chat-messages", "invalid_param")]
    [InlineData("app-workflow", "chat-messages", "not_chat_app")]
    [InlineData("app-chat", "workflows/run", "not_workflow_app")]
    [InlineData("app-chat", "completion-messages", "app_unavailable")]
    public async Task Wrong_mode_or_blocking_agent_answers_Dify_400(string key, string path, string code)
    {
        using var client = Http.Client(_emulator, key);
        var body = Http.ChatBody("x");
        using var response = await client.PostAsync(path, Http.Json(body));

        await AssertError(response, 400, code);
    }

    [Fact]
    public async Task Missing_user_answers_400_invalid_param_and_nothing_is_generated()
    {
        using var client = Http.Client(_emulator);
        using var response = await client.PostAsync("chat-messages", Http.Json(new JsonObject { ["inputs"] = new JsonObject(), ["query"] = "x" }));

        await AssertError(response, 400, "invalid_param", "Arg user must be provided.");
        Assert.Equal(0, _emulator.Stats.GenerationsStarted);
    }

    [Fact]
    public async Task Malformed_json_answers_400_bad_request()
    {
        using var client = Http.Client(_emulator);
        using var response = await client.PostAsync("chat-messages", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));

        await AssertError(response, 400, "bad_request");
    }

    [Fact]
    public async Task Unknown_path_is_404_and_wrong_method_is_405_in_the_envelope()
    {
        using var client = Http.Client(_emulator);
        using var missing = await client.GetAsync("no-such-thing");
        using var wrong = await client.DeleteAsync("info");

        await AssertError(missing, 404, "not_found");
        await AssertError(wrong, 405, "method_not_allowed");
    }

    [Fact]
    public async Task Other_users_conversation_is_404_and_deleted_conversation_is_gone()
    {
        using var client = Http.Client(_emulator);
        var created = await Http.PostJsonAsync(client, "chat-messages", Http.ChatBody("mine", user: "alice"));
        var id = created["conversation_id"]!.GetValue<string>();

        using var foreign = await client.GetAsync($"messages?conversation_id={id}&user=bob");
        await AssertError(foreign, 404, "not_found", "Conversation Not Exists.");

        using var delete = await client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"conversations/{id}") { Content = Http.Json(new JsonObject { ["user"] = "alice" }) });
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        using var after = await client.GetAsync($"messages?conversation_id={id}&user=alice");
        await AssertError(after, 404, "not_found");
    }

    [Fact]
    public async Task Upload_errors_use_Dify_codes()
    {
        using var client = Http.Client(_emulator);
        using var empty = new MultipartFormDataContent { { new StringContent("u"), "user" } };
        using var noFile = await client.PostAsync("files/upload", empty);
        await AssertError(noFile, 400, "no_file_uploaded");

        using var exe = new MultipartFormDataContent { { new ByteArrayContent([1, 2]), "file", "run.exe" } };
        using var blocked = await client.PostAsync("files/upload", exe);
        await AssertError(blocked, 400, "invalid_param");

        using var text = new MultipartFormDataContent { { new ByteArrayContent([1, 2]), "file", "notes.txt" } };
        using var notAudio = await client.PostAsync("audio-to-text", text);
        await AssertError(notAudio, 415, "unsupported_audio_type");
    }
}
