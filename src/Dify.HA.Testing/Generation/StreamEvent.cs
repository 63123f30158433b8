namespace Dify.HA.Testing.Generation;

/// <summary>One event of a run's log, serialized once (compact JSON) and written as is to every subscriber.</summary>
internal sealed class StreamEvent(string name, byte[] utf8Json)
{
    public string Name { get; } = name;

    public byte[] Utf8Json { get; } = utf8Json;

    /// <summary>Set on a <c>workflow_paused</c> event once the run resumed: a re-attach skips it, since it no longer ends the stream.</summary>
    public bool Superseded { get; set; }
}
