using Dify.HA.Testing.Hosting;

namespace Dify.HA.Testing.Api;

/// <summary>
/// The 36 operations of Dify's app Service API (openapi_service.json), by method and path under <c>/v1</c>. The
/// Knowledge API (dataset keys) has its own table beside this one: <see cref="Knowledge.KnowledgeRoutes"/>.
/// </summary>
internal static class ServiceApiRoutes
{
    public static IReadOnlyList<EmulatorRoute> Create() =>
    [
        new("POST", "/chat-messages", GenerationHandlers.ChatAsync),
        new("POST", "/chat-messages/{task_id}/stop", GenerationHandlers.StopChatAsync),
        new("GET", "/messages/{message_id}/suggested", ConversationHandlers.SuggestedAsync),
        new("POST", "/completion-messages", GenerationHandlers.CompletionAsync),
        new("POST", "/completion-messages/{task_id}/stop", GenerationHandlers.StopCompletionAsync),
        new("POST", "/workflows/run", GenerationHandlers.WorkflowRunAsync),
        new("POST", "/workflows/{workflow_id}/run", GenerationHandlers.WorkflowRunByIdAsync),
        new("GET", "/workflows/run/{workflow_run_id}", WorkflowHandlers.RunDetailAsync),
        new("POST", "/workflows/tasks/{task_id}/stop", GenerationHandlers.StopWorkflowAsync),
        new("GET", "/workflows/logs", WorkflowHandlers.LogsAsync),
        new("GET", "/workflow/{workflow_run_id}/events", WorkflowHandlers.EventsAsync),
        new("GET", "/form/human_input/{form_token}", WorkflowHandlers.GetFormAsync),
        new("POST", "/form/human_input/{form_token}", WorkflowHandlers.SubmitFormAsync),
        new("POST", "/files/upload", FileHandlers.UploadAsync),
        new("GET", "/files/{file_id}/preview", FileHandlers.PreviewAsync),
        new("POST", "/audio-to-text", FileHandlers.AudioToTextAsync),
        new("POST", "/text-to-audio", FileHandlers.TextToAudioAsync),
        new("GET", "/messages", ConversationHandlers.MessagesAsync),
        new("POST", "/messages/{message_id}/feedbacks", ConversationHandlers.FeedbackAsync),
        new("GET", "/app/feedbacks", ConversationHandlers.AppFeedbacksAsync),
        new("GET", "/conversations", ConversationHandlers.ListConversationsAsync),
        new("POST", "/conversations/{conversation_id}/name", ConversationHandlers.RenameAsync),
        new("DELETE", "/conversations/{conversation_id}", ConversationHandlers.DeleteAsync),
        new("GET", "/conversations/{conversation_id}/variables", ConversationHandlers.VariablesAsync),
        new("PUT", "/conversations/{conversation_id}/variables/{variable_id}", ConversationHandlers.UpdateVariableAsync),
        new("GET", "/info", AppHandlers.InfoAsync),
        new("GET", "/parameters", AppHandlers.ParametersAsync),
        new("GET", "/meta", AppHandlers.MetaAsync),
        new("GET", "/site", AppHandlers.SiteAsync),
        new("GET", "/end-users/{end_user_id}", AppHandlers.EndUserAsync),
        new("GET", "/apps/annotations", AnnotationHandlers.ListAsync),
        new("POST", "/apps/annotations", AnnotationHandlers.CreateAsync),
        new("PUT", "/apps/annotations/{annotation_id}", AnnotationHandlers.UpdateAsync),
        new("DELETE", "/apps/annotations/{annotation_id}", AnnotationHandlers.DeleteAsync),
        new("POST", "/apps/annotation-reply/{action}", AnnotationHandlers.ReplySettingsAsync),
        new("GET", "/apps/annotation-reply/{action}/status/{job_id}", AnnotationHandlers.ReplyStatusAsync),
    ];
}
