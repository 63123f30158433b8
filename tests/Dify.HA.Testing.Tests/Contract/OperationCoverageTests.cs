using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Dify.HA.Testing.Tests.Support;

namespace Dify.HA.Testing.Tests.Contract;

/// <summary>Walks every app Service API operation of openapi_service.json and checks each answer against its schema.</summary>
public sealed class OperationCoverageTests
{
    [Fact]
    public async Task Every_app_operation_of_the_spec_answers_with_the_spec_shapes()
    {
        await using var emulator = await DifyEmulator.StartAsync(new DifyEmulatorOptions { TokenDelay = TimeSpan.Zero });
        using var chat = Http.Client(emulator, "app-chat");
        using var chatflow = Http.Client(emulator, "app-chatflow");
        using var completion = Http.Client(emulator, "app-completion");
        using var workflow = Http.Client(emulator, "app-workflow");
        const string User = "shape-user";

        // Chat: blocking, streaming, stop, suggested, history, conversations, feedback.
        var blocking = await Http.PostJsonAsync(chat, "chat-messages", Http.ChatBody("What is HA?", User));
        Support.Contract.AssertMatches("POST", "/chat-messages", 200, blocking);
        var conversationId = blocking["conversation_id"]!.GetValue<string>();
        var messageId = blocking["message_id"]!.GetValue<string>();
        await using (var stream = await SseStream.OpenAsync(chat, "chat-messages", Http.ChatBody("Again", User, streaming: true, conversationId)))
        {
            await stream.CompletionAsync();
            Assert.Equal("message_end", stream.Events[^1]["event"]!.GetValue<string>());
        }

        Support.Contract.AssertMatches("POST", "/chat-messages/{task_id}/stop", 200,
            await Http.PostJsonAsync(chat, $"chat-messages/{blocking["task_id"]}/stop", new JsonObject { ["user"] = User }));
        Support.Contract.AssertMatches("GET", "/messages/{message_id}/suggested", 200,
            await Http.GetJsonAsync(chat, $"messages/{messageId}/suggested?user={User}"));
        Support.Contract.AssertMatches("POST", "/messages/{message_id}/feedbacks", 200,
            await Http.PostJsonAsync(chat, $"messages/{messageId}/feedbacks", new JsonObject { ["rating"] = "like", ["user"] = User, ["content"] = "good" }));
        Support.Contract.AssertMatches("GET", "/app/feedbacks", 200, await Http.GetJsonAsync(chat, "app/feedbacks"));
        var history = await Http.GetJsonAsync(chat, $"messages?conversation_id={conversationId}&user={User}");
        Support.Contract.AssertMatches("GET", "/messages", 200, history);
        Assert.Equal(2, history["data"]!.AsArray().Count);
        Support.Contract.AssertMatches("GET", "/conversations", 200, await Http.GetJsonAsync(chat, $"conversations?user={User}"));
        Support.Contract.AssertMatches("POST", "/conversations/{conversation_id}/name", 200,
            await Http.PostJsonAsync(chat, $"conversations/{conversationId}/name", new JsonObject { ["name"] = "Renamed", ["user"] = User }));

        // Chatflow conversation variables.
        var flow = await Http.PostJsonAsync(chatflow, "chat-messages", Http.ChatBody("Flow", User));
        var flowConversation = flow["conversation_id"]!.GetValue<string>();
        var variables = await Http.GetJsonAsync(chatflow, $"conversations/{flowConversation}/variables?user={User}");
        Support.Contract.AssertMatches("GET", "/conversations/{conversation_id}/variables", 200, variables);
        var variable = variables["data"]!.AsArray().First(v => v!["value_type"]!.GetValue<string>() == "string")!;
        using (var put = await chatflow.PutAsync($"conversations/{flowConversation}/variables/{variable["id"]}", Http.Json(new JsonObject { ["value"] = "light_mode", ["user"] = User })))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            var updated = await Http.JsonOf(put);
            Support.Contract.AssertMatches("PUT", "/conversations/{conversation_id}/variables/{variable_id}", 200, updated);
            Assert.Equal("light_mode", updated["value"]!.GetValue<string>());
        }

        // Completion.
        var done = await Http.PostJsonAsync(completion, "completion-messages", new JsonObject { ["inputs"] = new JsonObject { ["query"] = "Haiku" }, ["user"] = User });
        Support.Contract.AssertMatches("POST", "/completion-messages", 200, done);
        Support.Contract.AssertMatches("POST", "/completion-messages/{task_id}/stop", 200,
            await Http.PostJsonAsync(completion, $"completion-messages/{done["task_id"]}/stop", new JsonObject { ["user"] = User }));

        // Workflow: run, run by id, detail, stop, logs, re-attach, human input form.
        var run = await Http.PostJsonAsync(workflow, "workflows/run", Http.WorkflowBody(new JsonObject { ["query"] = "Summarise" }, User));
        Support.Contract.AssertMatches("POST", "/workflows/run", 200, run);
        var workflowId = run["data"]!["workflow_id"]!.GetValue<string>();
        Support.Contract.AssertMatches("POST", "/workflows/{workflow_id}/run", 200,
            await Http.PostJsonAsync(workflow, $"workflows/{workflowId}/run", Http.WorkflowBody(new JsonObject { ["query"] = "By id" }, User)));
        var runId = run["workflow_run_id"]!.GetValue<string>();
        Support.Contract.AssertMatches("GET", "/workflows/run/{workflow_run_id}", 200, await Http.GetJsonAsync(workflow, $"workflows/run/{runId}"));
        Support.Contract.AssertMatches("POST", "/workflows/tasks/{task_id}/stop", 200,
            await Http.PostJsonAsync(workflow, $"workflows/tasks/{run["task_id"]}/stop", new JsonObject { ["user"] = User }));
        Support.Contract.AssertMatches("GET", "/workflows/logs", 200, await Http.GetJsonAsync(workflow, "workflows/logs"));
        await using (var events = await SseStream.OpenGetAsync(workflow, $"workflow/{runId}/events?user={User}"))
        {
            await events.CompletionAsync();
            Assert.Equal("workflow_finished", events.Events[^1]["event"]!.GetValue<string>());
        }

        var paused = await Http.PostJsonAsync(workflow, "workflows/run", Http.WorkflowBody(new JsonObject { ["human_input"] = true }, User));
        var token = paused["data"]!["reasons"]![0]!["form_token"]!.GetValue<string>();
        Support.Contract.AssertMatches("GET", "/form/human_input/{form_token}", 200, await Http.GetJsonAsync(workflow, $"form/human_input/{token}"));
        Assert.NotNull(await Http.PostJsonAsync(workflow, $"form/human_input/{token}", new JsonObject { ["inputs"] = new JsonObject { ["comment"] = "ok" }, ["action"] = "approve", ["user"] = User }));

        // Files and audio.
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent("hello"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        form.Add(file, "file", "hello.txt");
        form.Add(new StringContent(User), "user");
        using var upload = await chat.PostAsync("files/upload", form);
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var uploaded = await Http.JsonOf(upload);
        Support.Contract.AssertMatches("POST", "/files/upload", 201, uploaded);
        using (var preview = await chat.GetAsync($"files/{uploaded["id"]}/preview?as_attachment=true"))
        {
            Assert.Equal("hello", await preview.Content.ReadAsStringAsync());
            Assert.Equal("attachment", preview.Content.Headers.ContentDisposition?.DispositionType);
        }

        using var audioForm = new MultipartFormDataContent();
        var audio = new ByteArrayContent(new byte[64]);
        audio.Headers.ContentType = new MediaTypeHeaderValue("audio/mpeg");
        audioForm.Add(audio, "file", "voice.mp3");
        audioForm.Add(new StringContent(User), "user");
        using (var transcript = await chat.PostAsync("audio-to-text", audioForm))
            Support.Contract.AssertMatches("POST", "/audio-to-text", 200, await Http.JsonOf(transcript));
        using (var speech = await Http.PostAsync(chat, "text-to-audio", new JsonObject { ["message_id"] = messageId, ["user"] = User }))
        {
            Assert.Equal("audio/mpeg", speech.Content.Headers.ContentType?.MediaType);
            Assert.Equal("ID3"u8.ToArray(), (await speech.Content.ReadAsByteArrayAsync())[..3]);
        }

        // App information and end users.
        Support.Contract.AssertMatches("GET", "/info", 200, await Http.GetJsonAsync(chat, "info"));
        Support.Contract.AssertMatches("GET", "/parameters", 200, await Http.GetJsonAsync(chat, "parameters"));
        Support.Contract.AssertMatches("GET", "/meta", 200, await Http.GetJsonAsync(chat, "meta"));
        Support.Contract.AssertMatches("GET", "/site", 200, await Http.GetJsonAsync(chat, "site"));
        var endUserId = uploaded["created_by"]!.GetValue<string>();
        var endUser = await Http.GetJsonAsync(chat, $"end-users/{endUserId}");
        Support.Contract.AssertMatches("GET", "/end-users/{end_user_id}", 200, endUser);
        Assert.Equal(User, endUser["external_user_id"]!.GetValue<string>());

        // Annotations.
        var annotation = await Http.PostJsonAsync(chat, "apps/annotations", new JsonObject { ["question"] = "Q?", ["answer"] = "A." }, 201);
        Support.Contract.AssertMatches("POST", "/apps/annotations", 201, annotation);
        Support.Contract.AssertMatches("GET", "/apps/annotations", 200, await Http.GetJsonAsync(chat, "apps/annotations?keyword=Q"));
        using (var update = await chat.PutAsync($"apps/annotations/{annotation["id"]}", Http.Json(new JsonObject { ["question"] = "Q2?", ["answer"] = "A2." })))
            Support.Contract.AssertMatches("PUT", "/apps/annotations/{annotation_id}", 200, await Http.JsonOf(update));
        using (var delete = await chat.DeleteAsync($"apps/annotations/{annotation["id"]}"))
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        var job = await Http.PostJsonAsync(chat, "apps/annotation-reply/enable", new JsonObject { ["embedding_provider_name"] = "openai", ["embedding_model_name"] = "text-embedding-3-small", ["score_threshold"] = 0.9 });
        Support.Contract.AssertMatches("POST", "/apps/annotation-reply/{action}", 200, job);
        Support.Contract.AssertMatches("GET", "/apps/annotation-reply/{action}/status/{job_id}", 200, await Http.GetJsonAsync(chat, $"apps/annotation-reply/enable/status/{job["job_id"]}"));

        // Delete the conversation last (user in a JSON body).
        using (var deleteConversation = await chat.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"conversations/{conversationId}") { Content = Http.Json(new JsonObject { ["user"] = User }) }))
            Assert.Equal(HttpStatusCode.NoContent, deleteConversation.StatusCode);

        // Every operation of the spec was served by a route of the emulator.
        var served = emulator.Stats.RequestsByOperation.Keys.ToHashSet();
        var missing = Support.Contract.AppOperations().Where(op => !served.Contains(op)).ToList();
        Assert.True(missing.Count == 0, "Operations not exercised: " + string.Join(", ", missing));
        Assert.Equal(36, Support.Contract.AppOperations().Count);
    }
}
