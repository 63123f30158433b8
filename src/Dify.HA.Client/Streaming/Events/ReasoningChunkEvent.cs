namespace Dify.HA.Client;

/// <summary><c>reasoning_chunk</c>: A chain-of-thought delta of an LLM node whose reasoning is separated from the answer.</summary>
public sealed record ReasoningChunkEvent : DifyStreamEvent
{
    /// <summary>The wire name, <c>reasoning_chunk</c>.</summary>
    public const string EventName = "reasoning_chunk";

    /// <summary>Creates the event (the JSON deserializer uses this).</summary>
    public ReasoningChunkEvent()
        : base(EventName)
    {
    }

    /// <summary>The reasoning delta.</summary>
    public DifyReasoningChunkData? Data { get; init; }
}
