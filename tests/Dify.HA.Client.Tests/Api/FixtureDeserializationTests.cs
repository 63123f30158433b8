using System.Text.Json;
using System.Text.Json.Nodes;
using Dify.HA.Client;
using Dify.HA.Client.Api;

namespace Dify.HA.Client.Tests.Api;

/// <summary>The contract's blocking fixtures and every app-API JSON example of the spec deserialize into the models.</summary>
public sealed class FixtureDeserializationTests
{
    private static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "contract", "fixtures", name));

    private static readonly Lazy<JsonObject> Examples = new(() =>
        JsonNode.Parse(Fixture("openapi_service_examples.dify-docs.json"))!.AsObject());

    private static DifyApiJsonContext Ctx => DifyApiJsonContext.Default;

    [Theory]
    [InlineData("chat_blocking.json")]
    [InlineData("chat_blocking.dify-docs.json")]
    public void Chat_blocking_fixtures_deserialize(string name)
    {
        var response = JsonSerializer.Deserialize(Fixture(name), Ctx.ChatMessageResponse)!;

        Assert.Equal("message", response.Event);
        Assert.Equal("9da23599-e713-473b-982c-4328d4f5c78a", response.MessageId);
        Assert.Equal("45701982-8118-4bc5-8e9b-64562b4555f2", response.ConversationId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1705407629), response.CreatedAt);
        Assert.Equal(1161, response.Metadata!.Usage!.TotalTokens);
        Assert.Equal(0.0012890m, response.Metadata.Usage.TotalPrice);
        var resource = Assert.Single(response.Metadata.RetrieverResources!);
        Assert.Equal("iPhone", resource.DatasetName);
        Assert.Equal(0.98457545, resource.Score!.Value, 6);
    }

    [Fact]
    public void Workflow_blocking_fixture_deserializes()
    {
        var response = JsonSerializer.Deserialize(Fixture("workflow_blocking.json"), Ctx.WorkflowRunResponse)!;

        Assert.Equal("djflajgkldjgd", response.WorkflowRunId);
        Assert.Equal("succeeded", response.Data!.Status);
        Assert.Equal("Nice to meet you.", response.Data.Outputs!["text"].GetString());
        Assert.Equal(3562, response.Data.TotalTokens);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1727807631), response.Data.FinishedAt);
    }

    [Fact]
    public void Paused_workflow_blocking_fixture_deserializes_with_its_form()
    {
        var response = JsonSerializer.Deserialize(Fixture("workflow_blocking_paused.json"), Ctx.WorkflowRunResponse)!;

        Assert.Equal("paused", response.Data!.Status);
        Assert.Null(response.Data.FinishedAt);
        Assert.Equal(["1775717346519"], response.Data.PausedNodes);
        var form = Assert.Single(response.Data.Reasons!);
        Assert.Equal("SZwvfmL47fTIsZynP2Jr9i", form.FormToken);
        Assert.Equal(["approve", "reject"], form.Actions!.Select(a => a.Id));
    }

    /// <summary>Every 2xx JSON example of the 36 app operations, with the model it must fill and one field to check.</summary>
    public static TheoryData<string> ResponseExamples()
    {
        var data = new TheoryData<string>();
        foreach (var (operation, _) in Checks) data.Add(operation);
        return data;
    }

    private static readonly Dictionary<string, Action<string>> Checks = new()
    {
        ["POST /chat-messages"] = j => Assert.Equal("chat", JsonSerializer.Deserialize(j, Ctx.ChatMessageResponse)!.Mode),
        ["GET /messages/{message_id}/suggested"] = j => Assert.Equal(3, JsonSerializer.Deserialize(j, Ctx.SuggestedQuestionsResult)!.Data!.Count),
        ["POST /files/upload"] = j => Assert.Equal(204800, JsonSerializer.Deserialize(j, Ctx.DifyUploadedFile)!.Size),
        ["GET /end-users/{end_user_id}"] = j =>
        {
            var u = JsonSerializer.Deserialize(j, Ctx.DifyEndUser)!;
            Assert.Equal("abc-123", u.ExternalUserId);
            Assert.Equal(new DateTimeOffset(2024, 1, 16, 12, 0, 29, TimeSpan.Zero), u.CreatedAt);
        },
        ["GET /app/feedbacks"] = j =>
        {
            var f = JsonSerializer.Deserialize(j, Ctx.AppFeedbacksResult)!.Data!;
            Assert.Equal(["like", "dislike"], f.Select(x => x.Rating));
            Assert.Equal(new DateTimeOffset(2025, 1, 16, 14, 30, 29, TimeSpan.Zero), f[0].CreatedAt);
        },
        ["GET /conversations"] = j => Assert.Equal("San Francisco", JsonSerializer.Deserialize(j, Ctx.DifyPageDifyConversation)!.Data[0].Inputs!["city"].GetString()),
        ["GET /messages"] = j =>
        {
            var m = JsonSerializer.Deserialize(j, Ctx.DifyPageDifyMessage)!.Data[0];
            Assert.Equal("like", m.Feedback!.Rating);
            Assert.Equal(0.0012825m, m.TotalPrice);
            Assert.Equal(158, m.TotalTokens);
        },
        ["GET /conversations/{conversation_id}/variables"] = j => Assert.Equal("dark_mode", JsonSerializer.Deserialize(j, Ctx.DifyPageDifyConversationVariable)!.Data[0].Value!.Value.GetString()),
        ["POST /conversations/{conversation_id}/name"] = j => Assert.Equal("iPhone Specs Chat", JsonSerializer.Deserialize(j, Ctx.DifyConversation)!.Name),
        ["POST /audio-to-text"] = j => Assert.StartsWith("Hello", JsonSerializer.Deserialize(j, Ctx.AudioToTextResult)!.Text, StringComparison.Ordinal),
        ["GET /info"] = j => Assert.Equal(["customer-service", "chatbot"], JsonSerializer.Deserialize(j, Ctx.DifyAppInfo)!.Tags),
        ["GET /parameters"] = j =>
        {
            var p = JsonSerializer.Deserialize(j, Ctx.DifyAppParameters)!;
            Assert.Equal("city", p.UserInputForm![0]["text-input"].Variable);
            Assert.Equal("disabled", p.TextToSpeech!.AutoPlay);
            Assert.Equal(15, p.SystemParameters!.FileSizeLimit);
        },
        ["GET /meta"] = j => Assert.Equal(JsonValueKind.Object, JsonSerializer.Deserialize(j, Ctx.DifyAppMeta)!.ToolIcons!["calculator"].ValueKind),
        ["GET /site"] = j => Assert.True(JsonSerializer.Deserialize(j, Ctx.DifyAppSite)!.UseIconAsAnswerIcon),
        ["POST /apps/annotations"] = j => Assert.Equal(0, JsonSerializer.Deserialize(j, Ctx.DifyAnnotation)!.HitCount),
        ["GET /apps/annotations"] = j => Assert.Equal(1, JsonSerializer.Deserialize(j, Ctx.DifyNumberedPageDifyAnnotation)!.Total),
        ["PUT /apps/annotations/{annotation_id}"] = j => Assert.Equal(5, JsonSerializer.Deserialize(j, Ctx.DifyAnnotation)!.HitCount),
        ["POST /apps/annotation-reply/{action}"] = j => Assert.Equal("waiting", JsonSerializer.Deserialize(j, Ctx.DifyAnnotationReplyJob)!.JobStatus),
        ["GET /apps/annotation-reply/{action}/status/{job_id}"] = j => Assert.Equal("completed", JsonSerializer.Deserialize(j, Ctx.DifyAnnotationReplyJob)!.JobStatus),
        ["GET /workflows/run/{workflow_run_id}"] = j =>
        {
            var r = JsonSerializer.Deserialize(j, Ctx.WorkflowRunDetail)!;
            Assert.Equal(JsonValueKind.String, r.Inputs!.Value.ValueKind);
            Assert.Equal(1.23, r.ElapsedTime);
        },
        ["GET /workflows/logs"] = j => Assert.Equal("app-run", JsonSerializer.Deserialize(j, Ctx.DifyNumberedPageWorkflowLogEntry)!.Data[0].WorkflowRun!.TriggeredFrom),
        ["GET /form/human_input/{form_token}"] = j =>
        {
            var f = JsonSerializer.Deserialize(j, Ctx.DifyHumanInputFormDefinition)!;
            Assert.Equal(5, f.Inputs![3].NumberLimits);
            Assert.Equal("primary", f.UserActions![0].ButtonStyle);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1745510400), f.ExpirationTime);
        },
        ["POST /workflows/run"] = j => Assert.Equal("Bonjour le monde", JsonSerializer.Deserialize(j, Ctx.WorkflowRunResponse)!.Data!.Outputs!["result"].GetString()),
        ["POST /workflows/{workflow_id}/run"] = j => Assert.Equal(280, JsonSerializer.Deserialize(j, Ctx.WorkflowRunResponse)!.Data!.TotalTokens),
        ["POST /completion-messages"] = j => Assert.Equal("completion", JsonSerializer.Deserialize(j, Ctx.CompletionMessageResponse)!.Mode),
    };

    [Theory]
    [MemberData(nameof(ResponseExamples))]
    public void Spec_response_example_deserializes_into_its_model(string operation)
    {
        var responses = Examples.Value[operation]!.AsObject();
        var jsonExamples = responses.Where(r => r.Key.StartsWith('2'))
            .SelectMany(r => r.Value!.AsObject().Where(ct => ct.Key == "application/json"))
            .SelectMany(ct => ct.Value!.AsObject())
            .ToList();
        Assert.NotEmpty(jsonExamples);
        foreach (var (_, example) in jsonExamples) Checks[operation](example!.ToJsonString());
    }

    [Fact]
    public void Every_app_operation_with_a_json_response_example_is_checked()
    {
        // PUT variables answers a bare string in the docs' example (a docs error: the schema is the variable object).
        var skipped = new[] { "PUT /conversations/{conversation_id}/variables/{variable_id}", "POST /form/human_input/{form_token}" };
        var withJson = Examples.Value
            .Where(e => !e.Key.Contains(" /datasets", StringComparison.Ordinal) && !e.Key.Contains(" /workspaces", StringComparison.Ordinal))
            .Where(e => e.Value!.AsObject().Any(r => r.Key.StartsWith('2') && r.Value!.AsObject().ContainsKey("application/json")))
            .Select(e => e.Key)
            .Except(skipped)
            .Order()
            .ToList();

        Assert.Equal(withJson, Checks.Keys.Order().ToList());
    }

    [Fact]
    public void Chat_request_serializes_like_the_spec_example()
    {
        var example = Examples.Value["POST /chat-messages"]!["request"]!["application/json"]!["blocking_example"]!.AsObject();
        var request = new ChatMessageRequest
        {
            Query = "What are the specs of the iPhone 13 Pro Max?",
            User = "abc-123",
            ConversationId = "45701982-8118-4bc5-8e9b-64562b4555f2",
            ResponseMode = "blocking",
        };

        var json = JsonNode.Parse(JsonSerializer.Serialize(request, Ctx.ChatMessageRequest))!.AsObject();

        Assert.True(JsonNode.DeepEquals(example, json), json.ToJsonString());
    }

    [Fact]
    public void Input_files_serialize_with_snake_case_enum_values()
    {
        var request = new WorkflowRunRequest
        {
            User = "u",
            Inputs = new Dictionary<string, object?>
            {
                ["my_documents"] = new[]
                {
                    DifyInputFile.FromUpload("a1b2c3d4-5678-90ab-cdef-1234567890ab", DifyFileType.Document),
                    DifyInputFile.FromUrl(new Uri("https://example.com/image.jpg"), DifyFileType.Image),
                },
            },
        };
        var example = Examples.Value["POST /workflows/run"]!["request"]!["application/json"]!["with_file_array_variable"]!["inputs"]!;

        var json = JsonNode.Parse(JsonSerializer.Serialize(request, Ctx.WorkflowRunRequest))!;

        Assert.True(JsonNode.DeepEquals(example, json["inputs"]), json.ToJsonString());
    }
}
