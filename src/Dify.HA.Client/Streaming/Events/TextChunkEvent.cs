namespace Dify.HA.Client;

/// <summary><c>text_chunk</c>: A chunk of workflow output text: concatenate <c>Data.Text</c> in order.</summary>
public sealed record TextChunkEvent : DifyStreamEvent
{
    /// <summary>The wire name, <c>text_chunk</c>.</summary>
    public const string EventName = "text_chunk";

    /// <summary>Creates the event (the JSON deserializer uses this).</summary>
    public TextChunkEvent()
        : base(EventName)
    {
    }

    /// <summary>The text delta.</summary>
    public DifyTextChunkData? Data { get; init; }
}
