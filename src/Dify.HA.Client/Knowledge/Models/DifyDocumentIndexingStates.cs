namespace Dify.HA.Client;

/// <summary>The <c>indexing_status</c> values Dify reports for a document.</summary>
public static class DifyDocumentIndexingStates
{
    /// <summary>Queued.</summary>
    public const string Waiting = "waiting";

    /// <summary>Reading the file.</summary>
    public const string Parsing = "parsing";

    /// <summary>Cleaning the text.</summary>
    public const string Cleaning = "cleaning";

    /// <summary>Splitting into chunks.</summary>
    public const string Splitting = "splitting";

    /// <summary>Embedding the chunks.</summary>
    public const string Indexing = "indexing";

    /// <summary>Paused by a user: it does not go on by itself.</summary>
    public const string Paused = "paused";

    /// <summary>Failed (see <c>error</c>).</summary>
    public const string Error = "error";

    /// <summary>Done: the document is searchable.</summary>
    public const string Completed = "completed";
}
