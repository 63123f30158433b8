using Dify.HA.Client;
using Dify.HA.WebApi.Hosting;
using Dify.HA.WebApi.Shutdown;
using Microsoft.Extensions.Options;

namespace Dify.HA.WebApi.Chat;

/// <summary>
/// <c>POST /api/chat</c>: relays Dify's chat stream to the browser as server-sent events: <c>chunk</c> per piece of the
/// answer, <c>replace</c> when Dify's moderation replaces it, then <c>done</c> (conversation id, usage) or <c>error</c>
/// (<see cref="ChatError"/>). When the browser goes away (<see cref="HttpContext.RequestAborted"/>) the Dify stream is
/// closed and, by default, Dify is asked to stop generating; the same happens, after an <c>error</c> event
/// <c>shutting_down</c>, to a stream still running when the shutdown budget is nearly spent.
/// </summary>
internal static class ChatEndpoint
{
    public const string Path = "/api/chat";

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(Path, HandleAsync)
            .Accepts<ChatRequest>("application/json")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .Produces<ChatError>(StatusCodes.Status400BadRequest);

    private static async Task HandleAsync(
        HttpContext context, ChatRequest? body, IDifyClient dify, ShutdownGate shutdown, IOptions<WebApiOptions> options, ILoggerFactory loggers)
    {
        var settings = options.Value;
        var invalid = Validate(body, settings);
        if (invalid is not null)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsJsonAsync(invalid, WebApiJson.Default.ChatError, cancellationToken: context.RequestAborted);
            return;
        }

        var logger = loggers.CreateLogger(typeof(ChatEndpoint).FullName!);
        var aborted = context.RequestAborted;
        // The Dify read ends when the browser goes away or when shutdown can wait no longer; writes only with the browser.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, shutdown.StreamsDeadline);
        var readToken = linked.Token;
        var request = new ChatMessageRequest
        {
            Query = body!.Message!,
            ConversationId = string.IsNullOrWhiteSpace(body.ConversationId) ? null : body.ConversationId,
            User = settings.ChatUser,
        };

        string? taskId = null;
        var conversationId = request.ConversationId;
        var chunks = 0;
        var finished = false;
        var cutByShutdown = false;
        try
        {
            var sse = await SseEventWriter.StartAsync(context, aborted);
            ChatError? error = null;
            try
            {
                await foreach (var streamEvent in dify.Chat.StreamAsync(request, readToken).WithCancellation(readToken))
                {
                    taskId ??= streamEvent.TaskId;
                    conversationId = streamEvent.ConversationId ?? conversationId;
                    switch (streamEvent)
                    {
                        case MessageEvent { Answer.Length: > 0 } message:
                            chunks++;
                            await sse.WriteAsync("chunk", new ChatChunk(message.Answer), WebApiJson.Default.ChatChunk, aborted);
                            break;
                        case AgentMessageEvent { Answer.Length: > 0 } agent:
                            chunks++;
                            await sse.WriteAsync("chunk", new ChatChunk(agent.Answer), WebApiJson.Default.ChatChunk, aborted);
                            break;
                        case MessageReplaceEvent replace:
                            await sse.WriteAsync("replace", new ChatChunk(replace.Answer ?? string.Empty), WebApiJson.Default.ChatChunk, aborted);
                            break;
                        case MessageEndEvent end:
                            finished = true;
                            await sse.WriteAsync("done", new ChatDone(conversationId, end.Id ?? end.MessageId, taskId, Usage(end.Metadata?.Usage)), WebApiJson.Default.ChatDone, aborted);
                            break;
                    }
                }
                if (finished) ChatLog.Done(logger, chunks, conversationId);
                else error = new ChatError(ChatErrorTypes.StreamInterrupted, "The answer ended without its final event.");
            }
            catch (OperationCanceledException) when (shutdown.StreamsDeadline.IsCancellationRequested && !aborted.IsCancellationRequested)
            {
                cutByShutdown = true;
                ChatLog.CutByShutdown(logger, chunks, taskId);
                error = new ChatError(ChatErrorTypes.ShuttingDown, "The server is restarting and could not finish this answer. Please ask again.");
            }
            catch (Exception e) when (e is not OperationCanceledException || !aborted.IsCancellationRequested)
            {
                error = ChatErrorMapper.From(e);
                ChatLog.Failed(logger, e, chunks, e.GetType().Name, error.Type);
            }

            if (error is not null)
            {
                try
                {
                    await sse.WriteAsync("error", error, WebApiJson.Default.ChatError, aborted);
                }
                catch (IOException)
                {
                    // The connection itself is what failed: nobody is left to tell.
                }
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            ChatLog.BrowserGone(logger, chunks, taskId);
        }
        finally
        {
            if (!finished && (aborted.IsCancellationRequested || cutByShutdown) && taskId is not null && settings.StopGenerationOnDisconnect)
            {
                // End the response first: the browser need not wait for Dify's answer to the stop.
                if (!aborted.IsCancellationRequested) await CompleteQuietlyAsync(context.Response);
                await StopGenerationAsync(dify, taskId, settings, logger);
            }
        }
    }

    private static async Task CompleteQuietlyAsync(HttpResponse response)
    {
        try
        {
            await response.CompleteAsync();
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException)
        {
            // The connection is gone already.
        }
    }

    private static ChatError? Validate(ChatRequest? body, WebApiOptions settings)
    {
        if (body is null || string.IsNullOrWhiteSpace(body.Message))
            return new ChatError(ChatErrorTypes.InvalidRequest, "Send a JSON body with a non-empty \"message\".");
        if (body.Message.Length > settings.MaxMessageLength)
            return new ChatError(ChatErrorTypes.InvalidRequest, $"The message is longer than {settings.MaxMessageLength} characters.");
        if (!string.IsNullOrWhiteSpace(body.ConversationId) && !Guid.TryParse(body.ConversationId, out _))
            return new ChatError(ChatErrorTypes.InvalidRequest, "\"conversationId\" must be the id of a previous answer's done event.");
        return null;
    }

    /// <summary>Closing the connection does not stop Dify's worker (it generates, and bills, to the end): ask it to stop.
    /// Bounded by <see cref="WebApiOptions.StopTimeout"/> and not by the request, which is already over.</summary>
    private static async Task StopGenerationAsync(IDifyClient dify, string taskId, WebApiOptions settings, ILogger logger)
    {
        using var timeout = new CancellationTokenSource(settings.StopTimeout);
        try
        {
            await dify.Chat.StopAsync(taskId, settings.ChatUser, timeout.Token);
            ChatLog.Stopped(logger, taskId);
        }
        catch (Exception e) when (e is DifyApiException or DifyNoHealthyEndpointException or HttpRequestException or OperationCanceledException or IOException)
        {
            ChatLog.StopFailed(logger, taskId, e.GetType().Name);
        }
    }

    private static ChatUsage? Usage(DifyUsage? usage) => usage is null
        ? null
        : new ChatUsage(usage.PromptTokens, usage.CompletionTokens, usage.TotalTokens, usage.TotalPrice, usage.Currency, usage.Latency);
}
