using Microsoft.Extensions.AI;

namespace Dify.HA.Client.AI.Internal;

/// <summary>One call to Dify worked out from the M.E.AI messages and options, before files are uploaded.</summary>
internal sealed record DifyChatTurn(
    ChatMessageRequest Request,
    IReadOnlyList<AIContent> Files);
