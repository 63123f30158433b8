using System.Globalization;
using System.Text.Json.Nodes;
using Dify.HA.Testing.Api;
using Dify.HA.Testing.Hosting;
using Dify.HA.Testing.Store;

namespace Dify.HA.Testing.Generation;

/// <summary>
/// Produces the events of a run per app mode, in the background, pacing tokens on the emulator's clock. Every
/// generation ends with the terminal events Dify sends (also when stopped), and persists what it produced.
/// </summary>
internal sealed class RunEngine(EmulatorContext context)
{
    private const string ErrorTrigger = "[emulator:error]";

    public GenerationRun Start(EmulatorApp app, EndUser user, string query, JsonObject inputs, Conversation? conversation, bool streaming, IReadOnlyList<string> fileIds)
    {
        var store = context.Store;
        var now = context.Now;
        var taskId = Guid.NewGuid();
        var inputsJson = inputs.ToJsonString(EmulatorJson.Options);
        StoredMessage? message = null;
        WorkflowRunRecord? workflowRun = null;

        if (app.Mode != DifyAppMode.Workflow)
        {
            // Like Dify, the message row exists from the start (empty answer) and is completed when the run ends.
            message = new StoredMessage
            {
                Id = Guid.NewGuid(),
                AppId = app.AppId,
                EndUserId = user.Id,
                ConversationId = conversation?.Id,
                Query = query,
                Inputs = inputsJson,
                CreatedAt = now,
                Sequence = store.NextSequence(),
            };
            message.FileIds.AddRange(fileIds);
            store.Messages[message.Id] = message;
            if (conversation is not null)
            {
                lock (store.Gate)
                {
                    conversation.Messages.Add(message);
                    conversation.UpdatedAt = now;
                }
            }
        }

        if (app.HasWorkflow)
        {
            workflowRun = new WorkflowRunRecord
            {
                Id = Guid.NewGuid(),
                AppId = app.AppId,
                WorkflowId = app.WorkflowId,
                EndUserId = user.Id,
                ExternalUserId = user.ExternalUserId,
                InputsJson = inputsJson,
                CreatedAt = now,
            };
            store.WorkflowRuns[workflowRun.Id] = workflowRun;
        }

        var run = new GenerationRun
        {
            TaskId = taskId,
            App = app,
            User = user,
            Streaming = streaming,
            MessageId = message?.Id,
            ConversationId = conversation?.Id,
            WorkflowRunId = workflowRun?.Id,
            Message = message,
            WorkflowRun = workflowRun,
        };
        store.Tasks[taskId] = run;
        if (workflowRun is not null)
            store.RunsByWorkflowRunId[workflowRun.Id] = run;

        context.Stats.OnGenerationStarted();
        _ = Task.Run(() => ExecuteAsync(run, query, inputs, conversation), CancellationToken.None);
        return run;
    }

    private async Task ExecuteAsync(GenerationRun run, string query, JsonObject inputs, Conversation? conversation)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(run.StopToken, context.Lifetime);
        var started = context.Now;
        try
        {
            var app = run.App;
            var prompt = app.Mode == DifyAppMode.Workflow || (app.Mode == DifyAppMode.Completion && string.IsNullOrEmpty(query)) ? PromptOf(inputs) : query;
            var answer = AnswerGenerator.Answer(app, context.Options.Seed, prompt);
            var fail = prompt.StartsWith(ErrorTrigger, StringComparison.Ordinal);
            switch (app.Mode)
            {
                case DifyAppMode.Workflow:
                case DifyAppMode.AdvancedChat:
                    await RunWorkflowAsync(run, answer, prompt, inputs, started, linked.Token).ConfigureAwait(false);
                    break;
                default:
                    await RunMessageAsync(run, answer, prompt, fail, started, linked.Token).ConfigureAwait(false);
                    break;
            }

            if (conversation is not null && app.IsChatMode)
            {
                lock (context.Store.Gate)
                {
                    if (conversation.Name == "New conversation" && conversation.Messages.Count == 1)
                        conversation.Name = ConversationName(query);
                    conversation.UpdatedAt = context.Now;
                }
            }
        }
        catch (OperationCanceledException) when (context.Lifetime.IsCancellationRequested)
        {
            // The instance is going away: its background runs end silently, like a killed worker.
            run.SetState(RunState.Done);
        }
#pragma warning disable CA1031 // A background run must never crash the process; a failure becomes Dify's error answer.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            run.BlockingError = (500, "internal_server_error", "Internal Server Error.");
            run.Append("error", new JsonObject
            {
                ["event"] = "error",
                ["status"] = 500,
                ["code"] = "internal_server_error",
                ["message"] = ex.GetType().Name,
            }, RunState.Done);
        }
        finally
        {
            if (run.State != RunState.Done)
                run.SetState(RunState.Done);
            if (run.StopRequested && !context.Lifetime.IsCancellationRequested)
                context.Stats.OnGenerationStopped();
            context.Stats.OnGenerationCompleted();
        }
    }

    private async Task RunMessageAsync(GenerationRun run, string answer, string prompt, bool fail, DateTimeOffset started, CancellationToken token)
    {
        var app = run.App;
        var tokens = AnswerGenerator.Tokens(answer);
        var produced = new System.Text.StringBuilder();
        var agent = app.Mode == DifyAppMode.AgentChat;
        var thoughtId = Guid.NewGuid();
        if (agent)
            run.Append("agent_thought", AgentThought(run, thoughtId, string.Empty));

        var failAt = fail ? Math.Max(1, tokens.Count / 2) : -1;
        for (var i = 0; i < tokens.Count; i++)
        {
            if (!await PaceAsync(token).ConfigureAwait(false))
                break;
            if (i == failAt)
            {
                Persist(run, produced.ToString(), prompt, started, "error", "Emulated generation failure.");
                run.BlockingError = (500, "internal_server_error", "The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application.");
                var error = new JsonObject { ["event"] = "error" };
                if (run.ConversationId is { } c)
                    error["conversation_id"] = c.ToString();
                error["message_id"] = run.MessageId?.ToString();
                error["status"] = 500;
                error["code"] = "internal_server_error";
                error["message"] = "Emulated generation failure.";
                run.Append("error", error, RunState.Done);
                return;
            }

            produced.Append(tokens[i]);
            var chunk = MessageBase(run, agent ? "agent_message" : "message");
            chunk["id"] = run.MessageId?.ToString();
            chunk["answer"] = tokens[i];
            if (!agent)
                chunk["from_variable_selector"] = null;
            run.Append(agent ? "agent_message" : "message", chunk);
        }

        var final = produced.ToString();
        if (agent)
            run.Append("agent_thought", AgentThought(run, thoughtId, final));
        var usage = Persist(run, final, prompt, started, "normal", null);
        run.BlockingResult = BlockingMessage(run, final, usage);
        run.Append("message_end", MessageEnd(run, usage), RunState.Done);
    }

    private async Task RunWorkflowAsync(GenerationRun run, string answer, string prompt, JsonObject inputs, DateTimeOffset started, CancellationToken token)
    {
        var record = run.WorkflowRun!;
        var chatflow = run.App.Mode == DifyAppMode.AdvancedChat;
        var steps = 0;
        var workflowStarted = WorkflowBase(run, "workflow_started");
        workflowStarted["data"] = new JsonObject
        {
            ["id"] = record.Id.ToString(),
            ["workflow_id"] = record.WorkflowId.ToString(),
            ["inputs"] = SystemInputs(run, inputs),
            ["created_at"] = EmulatorJson.Unix(record.CreatedAt),
            ["reason"] = "initial",
        };
        run.Append("workflow_started", workflowStarted);

        var stopped = false;
        var previous = (string?)null;
        if (!await NodeAsync(run, "start", "start", "Start", ++steps, previous, inputs.DeepClone(), token).ConfigureAwait(false))
            stopped = true;
        previous = "start";

        if (!stopped && IsTruthy(inputs["human_input"]))
        {
            var outcome = await HumanInputAsync(run, ++steps, previous, started, token).ConfigureAwait(false);
            stopped = !outcome;
            previous = "human_input";
        }

        var produced = new System.Text.StringBuilder();
        var fail = IsTruthy(inputs["emulator_fail"]);
        var llmStarted = context.Now;
        string? llmExecution = null;
        if (!stopped)
        {
            llmExecution = NodeStarted(run, "llm", "llm", "LLM", ++steps, previous);
            foreach (var piece in AnswerGenerator.Tokens(answer))
            {
                if (!await PaceAsync(token).ConfigureAwait(false))
                {
                    stopped = true;
                    break;
                }

                produced.Append(piece);
                if (chatflow)
                {
                    var chunk = MessageBase(run, "message");
                    chunk["id"] = run.MessageId?.ToString();
                    chunk["answer"] = piece;
                    chunk["from_variable_selector"] = new JsonArray("llm", "text");
                    run.Append("message", chunk);
                }
                else
                {
                    var chunk = WorkflowBase(run, "text_chunk");
                    chunk["data"] = new JsonObject { ["text"] = piece, ["from_variable_selector"] = new JsonArray("llm", "text") };
                    run.Append("text_chunk", chunk);
                }
            }
        }

        var text = produced.ToString();
        var tokensUsed = AnswerGenerator.CountTokens(prompt) + AnswerGenerator.CountTokens(text);
        string status;
        string? error = null;
        if (stopped)
        {
            status = "stopped";
            error = "Workflow execution stopped by user.";
            if (llmExecution is not null)
                NodeFinished(run, llmExecution, "llm", "llm", "LLM", steps, "stopped", null, new JsonObject { ["text"] = text }, error, llmStarted, tokensUsed);
        }
        else if (fail)
        {
            status = "failed";
            error = "Emulated node failure.";
            NodeFinished(run, llmExecution!, "llm", "llm", "LLM", steps, "failed", null, null, error, llmStarted, tokensUsed);
        }
        else
        {
            status = "succeeded";
            NodeFinished(run, llmExecution!, "llm", "llm", "LLM", steps, "succeeded", null, new JsonObject { ["text"] = text }, null, llmStarted, tokensUsed);
            var endNode = chatflow ? "answer" : "end";
            if (!await NodeAsync(run, endNode, endNode, chatflow ? "Answer" : "End", ++steps, "llm", new JsonObject { ["text"] = text }, CancellationToken.None).ConfigureAwait(false))
                status = "stopped";
        }

        var finishedAt = context.Now;
        record.Status = status;
        record.Error = error;
        record.Outputs = status == "failed" ? [] : new JsonObject { ["text"] = text };
        record.TotalSteps = steps;
        record.TotalTokens = tokensUsed;
        record.FinishedAt = finishedAt;
        record.ElapsedTime = (finishedAt - record.CreatedAt).TotalSeconds;

        var finished = WorkflowBase(run, "workflow_finished");
        finished["data"] = FinishedData(record);
        if (chatflow)
        {
            var usage = Persist(run, text, prompt, started, status == "failed" ? "error" : "normal", status == "failed" ? error : null);
            run.BlockingResult = BlockingMessage(run, text, usage);
            if (status == "failed")
                run.BlockingError = (500, "internal_server_error", error!);
            run.Append("workflow_finished", finished);
            run.Append("message_end", MessageEnd(run, usage), RunState.Done);
        }
        else
        {
            run.BlockingResult = new JsonObject
            {
                ["task_id"] = run.TaskId.ToString(),
                ["workflow_run_id"] = record.Id.ToString(),
                ["data"] = FinishedData(record),
            };
            run.Append("workflow_finished", finished, RunState.Done);
        }
    }

    /// <summary>Pauses on a human input node until its form is submitted; false when the run was stopped meanwhile.</summary>
    private async Task<bool> HumanInputAsync(GenerationRun run, int index, string? previous, DateTimeOffset started, CancellationToken token)
    {
        var record = run.WorkflowRun!;
        var execution = NodeStarted(run, "human_input", "human-input", "Human Input", index, previous);
        var form = new HumanInputForm
        {
            Token = FormToken(),
            FormId = Guid.NewGuid(),
            NodeId = "human_input",
            WorkflowRunId = record.Id,
            ExpiresAt = context.Now.AddDays(3),
            Definition = [],
        };
        var definition = new JsonObject
        {
            ["form_id"] = form.FormId.ToString(),
            ["node_id"] = "human_input",
            ["node_title"] = "Human Input",
            ["form_content"] = "Please review the request:\n{{#$output.comment#}}\n",
            ["inputs"] = new JsonArray(new JsonObject
            {
                ["type"] = "paragraph",
                ["output_variable_name"] = "comment",
                ["default"] = new JsonObject { ["type"] = "constant", ["selector"] = new JsonArray(), ["value"] = string.Empty },
            }),
            ["actions"] = new JsonArray(
                new JsonObject { ["id"] = "approve", ["title"] = "Approve", ["button_style"] = "primary" },
                new JsonObject { ["id"] = "reject", ["title"] = "Reject", ["button_style"] = "default" }),
            ["display_in_ui"] = true,
            ["form_token"] = form.Token,
            ["resolved_default_values"] = new JsonObject { ["comment"] = string.Empty },
            ["expiration_time"] = EmulatorJson.Unix(form.ExpiresAt),
        };
        foreach (var (key, value) in definition)
            form.Definition[key] = value?.DeepClone();
        context.Store.Forms[form.Token] = form;

        var required = WorkflowBase(run, "human_input_required");
        required["data"] = definition.DeepClone();
        run.Append("human_input_required", required);

        var reason = definition.DeepClone().AsObject();
        reason["type"] = "human_input_required";
        record.Status = "paused";
        record.TotalSteps = index;
        record.ElapsedTime = (context.Now - record.CreatedAt).TotalSeconds;
        var pausedData = new JsonObject
        {
            ["workflow_run_id"] = record.Id.ToString(),
            ["paused_nodes"] = new JsonArray("human_input"),
            ["outputs"] = new JsonObject(),
            ["reasons"] = new JsonArray(reason),
            ["status"] = "paused",
            ["created_at"] = EmulatorJson.Unix(record.CreatedAt),
            ["elapsed_time"] = record.ElapsedTime,
            ["total_tokens"] = 0,
            ["total_steps"] = index,
        };
        var paused = WorkflowBase(run, "workflow_paused");
        paused["data"] = pausedData;
        var blockingData = FinishedData(record);
        blockingData["finished_at"] = null;
        blockingData["paused_nodes"] = new JsonArray("human_input");
        blockingData["reasons"] = new JsonArray(reason.DeepClone());
        run.BlockingResult = run.App.Mode == DifyAppMode.Workflow
            ? new JsonObject { ["task_id"] = run.TaskId.ToString(), ["workflow_run_id"] = record.Id.ToString(), ["data"] = blockingData }
            : BlockingMessage(run, string.Empty, Usage(0, 0, 0));
        run.Append("workflow_paused", paused, RunState.Paused);

        (string Action, JsonObject Inputs) submission;
        try
        {
            submission = await form.Submission.Task.WaitAsync(token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (run.StopRequested)
        {
            run.SetState(RunState.Running);
            return false;
        }

        record.Status = "running";
        run.SetState(RunState.Running);
        var filled = WorkflowBase(run, "human_input_form_filled");
        filled["data"] = new JsonObject
        {
            ["node_id"] = "human_input",
            ["node_title"] = "Human Input",
            ["rendered_content"] = "Please review the request:\n" + (submission.Inputs["comment"]?.ToString() ?? string.Empty) + "\n",
            ["action_id"] = submission.Action,
            ["action_text"] = submission.Action == "approve" ? "Approve" : "Reject",
            ["submitted_data"] = submission.Inputs.DeepClone(),
        };
        run.Append("human_input_form_filled", filled);
        NodeFinished(run, execution, "human_input", "human-input", "Human Input", index, "succeeded", null, submission.Inputs.DeepClone(), null, started, 0);
        return true;
    }

    private async Task<bool> NodeAsync(GenerationRun run, string nodeId, string type, string title, int index, string? previous, JsonNode? outputs, CancellationToken token)
    {
        var startedAt = context.Now;
        var execution = NodeStarted(run, nodeId, type, title, index, previous);
        var goOn = await PaceAsync(token).ConfigureAwait(false);
        NodeFinished(run, execution, nodeId, type, title, index, goOn ? "succeeded" : "stopped", outputs?.DeepClone(), outputs, null, startedAt, 0);
        return goOn;
    }

    private string NodeStarted(GenerationRun run, string nodeId, string type, string title, int index, string? previous)
    {
        var execution = Guid.NewGuid().ToString();
        var body = WorkflowBase(run, "node_started");
        body["data"] = new JsonObject
        {
            ["id"] = execution,
            ["node_id"] = nodeId,
            ["node_type"] = type,
            ["title"] = title,
            ["index"] = index,
            ["predecessor_node_id"] = previous,
            ["inputs"] = null,
            ["inputs_truncated"] = false,
            ["created_at"] = EmulatorJson.Unix(context.Now),
            ["extras"] = new JsonObject(),
            ["iteration_id"] = null,
            ["loop_id"] = null,
        };
        run.Append("node_started", body);
        return execution;
    }

    private void NodeFinished(GenerationRun run, string execution, string nodeId, string type, string title, int index, string status, JsonNode? inputs, JsonNode? outputs, string? error, DateTimeOffset startedAt, int tokens)
    {
        var now = context.Now;
        var body = WorkflowBase(run, "node_finished");
        body["data"] = new JsonObject
        {
            ["id"] = execution,
            ["node_id"] = nodeId,
            ["node_type"] = type,
            ["title"] = title,
            ["index"] = index,
            ["predecessor_node_id"] = null,
            ["inputs"] = inputs,
            ["inputs_truncated"] = false,
            ["process_data"] = null,
            ["process_data_truncated"] = false,
            ["outputs"] = outputs,
            ["outputs_truncated"] = false,
            ["status"] = status,
            ["error"] = error,
            ["elapsed_time"] = Math.Round((now - startedAt).TotalSeconds, 6),
            ["execution_metadata"] = tokens > 0 ? new JsonObject { ["total_tokens"] = tokens, ["total_price"] = Price(tokens, 0.002), ["currency"] = "USD" } : null,
            ["created_at"] = EmulatorJson.Unix(startedAt),
            ["finished_at"] = EmulatorJson.Unix(now),
            ["files"] = new JsonArray(),
            ["iteration_id"] = null,
            ["loop_id"] = null,
        };
        run.Append("node_finished", body);
    }

    private async Task<bool> PaceAsync(CancellationToken token)
    {
        var delay = context.Options.TokenDelay;
        try
        {
            if (delay > TimeSpan.Zero)
                await Task.Delay(delay, context.Time, token).ConfigureAwait(false);
            else
                await Task.Yield();
        }
        catch (OperationCanceledException) when (!context.Lifetime.IsCancellationRequested)
        {
            return false;
        }

        context.Lifetime.ThrowIfCancellationRequested();
        return !token.IsCancellationRequested;
    }

    private JsonObject Persist(GenerationRun run, string answer, string prompt, DateTimeOffset started, string status, string? error)
    {
        var promptTokens = 20 + AnswerGenerator.CountTokens(prompt);
        var completionTokens = AnswerGenerator.CountTokens(answer);
        var latency = Math.Round((context.Now - started).TotalSeconds, 6);
        if (run.Message is { } message)
        {
            lock (context.Store.Gate)
            {
                message.Answer = answer;
                message.Status = status;
                message.Error = error;
                message.MessageTokens = promptTokens;
                message.AnswerTokens = completionTokens;
                message.Latency = latency;
            }
        }

        return Usage(promptTokens, completionTokens, latency);
    }

    internal static JsonObject Usage(int promptTokens, int completionTokens, double latency) => new()
    {
        ["prompt_tokens"] = promptTokens,
        ["prompt_unit_price"] = "0.001",
        ["prompt_price_unit"] = "0.001",
        ["prompt_price"] = Price(promptTokens, 0.001).ToString("0.0000000", CultureInfo.InvariantCulture),
        ["completion_tokens"] = completionTokens,
        ["completion_unit_price"] = "0.002",
        ["completion_price_unit"] = "0.001",
        ["completion_price"] = Price(completionTokens, 0.002).ToString("0.0000000", CultureInfo.InvariantCulture),
        ["total_tokens"] = promptTokens + completionTokens,
        ["total_price"] = (Price(promptTokens, 0.001) + Price(completionTokens, 0.002)).ToString("0.0000000", CultureInfo.InvariantCulture),
        ["currency"] = "USD",
        ["latency"] = latency,
    };

    private static double Price(int tokens, double unitPrice) => Math.Round(tokens * unitPrice * 0.001, 7);

    private JsonObject MessageBase(GenerationRun run, string name)
    {
        var body = new JsonObject { ["event"] = name };
        if (run.ConversationId is { } conversation)
            body["conversation_id"] = conversation.ToString();
        body["message_id"] = run.MessageId?.ToString();
        body["created_at"] = EmulatorJson.Unix(run.Message?.CreatedAt ?? context.Now);
        body["task_id"] = run.TaskId.ToString();
        return body;
    }

    private JsonObject WorkflowBase(GenerationRun run, string name)
    {
        if (run.App.Mode == DifyAppMode.AdvancedChat)
        {
            var chat = MessageBase(run, name);
            chat["workflow_run_id"] = run.WorkflowRunId?.ToString();
            return chat;
        }

        return new JsonObject
        {
            ["event"] = name,
            ["task_id"] = run.TaskId.ToString(),
            ["workflow_run_id"] = run.WorkflowRunId?.ToString(),
        };
    }

    private JsonObject AgentThought(GenerationRun run, Guid id, string thought)
    {
        var body = MessageBase(run, "agent_thought");
        body["id"] = id.ToString();
        body["position"] = 1;
        body["thought"] = thought;
        body["observation"] = string.Empty;
        body["tool"] = string.Empty;
        body["tool_labels"] = new JsonObject();
        body["tool_input"] = string.Empty;
        body["message_files"] = new JsonArray();
        return body;
    }

    private JsonObject MessageEnd(GenerationRun run, JsonObject usage)
    {
        var body = MessageBase(run, "message_end");
        body["id"] = run.MessageId?.ToString();
        body["metadata"] = new JsonObject { ["usage"] = usage.DeepClone(), ["retriever_resources"] = new JsonArray() };
        body["files"] = null;
        return body;
    }

    private JsonObject BlockingMessage(GenerationRun run, string answer, JsonObject usage)
    {
        var body = new JsonObject
        {
            ["event"] = "message",
            ["task_id"] = run.TaskId.ToString(),
            ["id"] = run.MessageId?.ToString(),
            ["message_id"] = run.MessageId?.ToString(),
        };
        if (run.ConversationId is { } conversation)
            body["conversation_id"] = conversation.ToString();
        body["mode"] = EmulatorApp.ModeName(run.App.Mode);
        body["answer"] = answer;
        body["metadata"] = new JsonObject { ["usage"] = usage.DeepClone(), ["retriever_resources"] = new JsonArray() };
        body["created_at"] = EmulatorJson.Unix(run.Message?.CreatedAt ?? context.Now);
        return body;
    }

    internal static JsonObject FinishedData(WorkflowRunRecord record) => new()
    {
        ["id"] = record.Id.ToString(),
        ["workflow_id"] = record.WorkflowId.ToString(),
        ["status"] = record.Status,
        ["outputs"] = record.Outputs.DeepClone(),
        ["error"] = record.Error,
        ["elapsed_time"] = Math.Round(record.ElapsedTime, 6),
        ["total_tokens"] = record.TotalTokens,
        ["total_steps"] = record.TotalSteps,
        ["created_at"] = EmulatorJson.Unix(record.CreatedAt),
        ["finished_at"] = record.FinishedAt is { } f ? EmulatorJson.Unix(f) : null,
        ["created_by"] = new JsonObject { ["id"] = record.EndUserId.ToString(), ["user"] = record.ExternalUserId },
        ["exceptions_count"] = 0,
        ["files"] = new JsonArray(),
    };

    private static JsonObject SystemInputs(GenerationRun run, JsonObject inputs)
    {
        var all = inputs.DeepClone().AsObject();
        all["sys.files"] = new JsonArray();
        all["sys.user_id"] = run.User.ExternalUserId;
        all["sys.app_id"] = run.App.AppId.ToString();
        all["sys.workflow_id"] = run.App.WorkflowId.ToString();
        all["sys.workflow_run_id"] = run.WorkflowRunId?.ToString();
        return all;
    }

    private static string PromptOf(JsonObject inputs)
    {
        if (inputs["query"] is JsonValue q && q.TryGetValue<string>(out var query))
            return query;
        foreach (var (_, value) in inputs)
        {
            if (value is JsonValue v && v.TryGetValue<string>(out var text))
                return text;
        }

        return inputs.ToJsonString(EmulatorJson.Options);
    }

    private static bool IsTruthy(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<string>(out var s) => s is "true" or "yes" or "1",
        JsonValue v when v.TryGetValue<int>(out var i) => i != 0,
        _ => false,
    };

    private static string ConversationName(string query)
    {
        var name = query.Trim();
        return name.Length <= 20 ? (name.Length == 0 ? "New conversation" : name) : name[..20] + "...";
    }

    private static string FormToken()
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        Span<char> chars = stackalloc char[22];
        for (var i = 0; i < chars.Length; i++)
            chars[i] = Alphabet[System.Security.Cryptography.RandomNumberGenerator.GetInt32(Alphabet.Length)];
        return new string(chars);
    }
}
