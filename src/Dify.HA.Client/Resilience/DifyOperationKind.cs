namespace Dify.HA.Client;

/// <summary>What a call does, which decides whether a failure after sending it may be retried.</summary>
public enum DifyOperationKind
{
    /// <summary>A GET or another call without side effects: always safe to repeat.</summary>
    Read,

    /// <summary>A POST that starts an LLM or workflow run (chat, completion, workflow run): repeating it may pay twice.</summary>
    Generation,

    /// <summary>Any other mutation (rename, feedback, upload, delete...).</summary>
    Write,
}
