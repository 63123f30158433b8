using System.Text.Json;
using System.Text.Json.Serialization;
using Dify.HA.Client.Serialization;

namespace Dify.HA.Client.Api;

/// <summary>
/// Source-generated JSON metadata of the API layer: snake_case names, nulls not written, unix seconds as
/// <see cref="DateTimeOffset"/>, prices given as strings read as numbers. The value types listed for <c>object</c>
/// are the ones a caller may put in free-form <c>Inputs</c> (anything else is rejected before sending).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    Converters = [typeof(UnixSecondsDateTimeOffsetConverter), typeof(NullableUnixSecondsDateTimeOffsetConverter)])]
// Requests.
[JsonSerializable(typeof(ChatMessageRequest))]
[JsonSerializable(typeof(CompletionMessageRequest))]
[JsonSerializable(typeof(WorkflowRunRequest))]
[JsonSerializable(typeof(TextToAudioRequest))]
[JsonSerializable(typeof(AnnotationReplySettings))]
[JsonSerializable(typeof(UserBody))]
[JsonSerializable(typeof(FeedbackBody))]
[JsonSerializable(typeof(RenameConversationBody))]
[JsonSerializable(typeof(UpdateVariableBody))]
[JsonSerializable(typeof(AnnotationBody))]
[JsonSerializable(typeof(HumanInputSubmitBody))]
// Values a caller may place in free-form inputs (serialized as object).
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(float))]
[JsonSerializable(typeof(decimal))]
[JsonSerializable(typeof(Guid))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(DifyInputFile))]
[JsonSerializable(typeof(DifyInputFile[]))]
[JsonSerializable(typeof(List<DifyInputFile>))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(int[]))]
[JsonSerializable(typeof(double[]))]
[JsonSerializable(typeof(object[]))]
[JsonSerializable(typeof(List<object>))]
[JsonSerializable(typeof(Dictionary<string, object>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
// Responses.
[JsonSerializable(typeof(ChatMessageResponse))]
[JsonSerializable(typeof(CompletionMessageResponse))]
[JsonSerializable(typeof(WorkflowRunResponse))]
[JsonSerializable(typeof(WorkflowRunDetail))]
[JsonSerializable(typeof(DifyNumberedPage<WorkflowLogEntry>))]
[JsonSerializable(typeof(DifyUploadedFile))]
[JsonSerializable(typeof(DifyEndUser))]
[JsonSerializable(typeof(AppFeedbacksResult))]
[JsonSerializable(typeof(SuggestedQuestionsResult))]
[JsonSerializable(typeof(DifyPage<DifyConversation>))]
[JsonSerializable(typeof(DifyConversation))]
[JsonSerializable(typeof(DifyPage<DifyMessage>))]
[JsonSerializable(typeof(DifyPage<DifyConversationVariable>))]
[JsonSerializable(typeof(DifyConversationVariable))]
[JsonSerializable(typeof(AudioToTextResult))]
[JsonSerializable(typeof(DifyAppInfo))]
[JsonSerializable(typeof(DifyAppParameters))]
[JsonSerializable(typeof(DifyAppMeta))]
[JsonSerializable(typeof(DifyAppSite))]
[JsonSerializable(typeof(DifyAnnotation))]
[JsonSerializable(typeof(DifyNumberedPage<DifyAnnotation>))]
[JsonSerializable(typeof(DifyAnnotationReplyJob))]
[JsonSerializable(typeof(DifyHumanInputFormDefinition))]
internal sealed partial class DifyApiJsonContext : JsonSerializerContext;
