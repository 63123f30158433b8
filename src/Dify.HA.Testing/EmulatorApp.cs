using System.Security.Cryptography;
using System.Text;

namespace Dify.HA.Testing;

/// <summary>
/// One app the emulator serves, reached with its API key. Every app of an emulator lives in the region store,
/// so all endpoints of a region serve the same apps.
/// </summary>
public sealed class EmulatorApp
{
    /// <summary>Creates an app with a key and a mode.</summary>
    /// <param name="apiKey">The bearer key callers send (e.g. <c>app-chat</c>).</param>
    /// <param name="mode">The app's mode.</param>
    public EmulatorApp(string apiKey, DifyAppMode mode)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        ApiKey = apiKey;
        Mode = mode;
        Name = $"Emulated {ModeName(mode)} app";
    }

    /// <summary>The bearer key callers send. Required; unique within an emulator.</summary>
    public string ApiKey { get; }

    /// <summary>The app's mode.</summary>
    public DifyAppMode Mode { get; }

    /// <summary>The name <c>GET /info</c> and <c>GET /site</c> report. Default: "Emulated {mode} app".</summary>
    public string Name { get; set; }

    /// <summary>
    /// Scripted answers: when a query (or a workflow's <c>query</c>/first string input) equals a key exactly, the
    /// run answers the value instead of the seeded text. Default: empty.
    /// </summary>
    public IDictionary<string, string> ScriptedAnswers { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Optional answer function, asked when no scripted answer matches; return <see langword="null"/> to fall back to
    /// the seeded text. Default: <see langword="null"/>.
    /// </summary>
    public Func<string, string?>? AnswerFactory { get; set; }

    /// <summary>The app's id (a UUID derived from the key, so it is stable across runs and endpoints).</summary>
    public Guid AppId => DeterministicGuid("app:" + ApiKey);

    /// <summary>The id of the app's published workflow (workflow and chatflow apps), stable like <see cref="AppId"/>.</summary>
    public Guid WorkflowId => DeterministicGuid("workflow:" + ApiKey);

    /// <summary>The five apps an emulator serves by default, with fixed keys.</summary>
    /// <returns>New app objects for <c>app-chat</c>, <c>app-agent</c>, <c>app-chatflow</c>, <c>app-completion</c> and <c>app-workflow</c>.</returns>
    public static IReadOnlyList<EmulatorApp> CreateDefaults() =>
    [
        new("app-chat", DifyAppMode.Chat),
        new("app-agent", DifyAppMode.AgentChat),
        new("app-chatflow", DifyAppMode.AdvancedChat),
        new("app-completion", DifyAppMode.Completion),
        new("app-workflow", DifyAppMode.Workflow),
    ];

    /// <summary>The mode's name on the wire ("chat", "agent-chat", "advanced-chat", "completion", "workflow").</summary>
    /// <param name="mode">The mode.</param>
    /// <returns>The wire name.</returns>
    public static string ModeName(DifyAppMode mode) => mode switch
    {
        DifyAppMode.Chat => "chat",
        DifyAppMode.AgentChat => "agent-chat",
        DifyAppMode.AdvancedChat => "advanced-chat",
        DifyAppMode.Completion => "completion",
        DifyAppMode.Workflow => "workflow",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown Dify app mode."),
    };

    /// <summary>Parses a mode name as the command line accepts it (wire names, plus <c>chatflow</c> and <c>agent</c>).</summary>
    /// <param name="text">The name.</param>
    /// <param name="mode">The mode, when the name is known.</param>
    /// <returns>Whether the name is known.</returns>
    public static bool TryParseMode(string text, out DifyAppMode mode)
    {
        switch (text?.Trim().ToUpperInvariant())
        {
            case "CHAT": mode = DifyAppMode.Chat; return true;
            case "AGENT-CHAT" or "AGENT" or "AGENTCHAT": mode = DifyAppMode.AgentChat; return true;
            case "ADVANCED-CHAT" or "CHATFLOW" or "ADVANCEDCHAT": mode = DifyAppMode.AdvancedChat; return true;
            case "COMPLETION": mode = DifyAppMode.Completion; return true;
            case "WORKFLOW": mode = DifyAppMode.Workflow; return true;
            default: mode = default; return false;
        }
    }

    internal bool IsChatMode => Mode is DifyAppMode.Chat or DifyAppMode.AgentChat or DifyAppMode.AdvancedChat;

    internal bool HasWorkflow => Mode is DifyAppMode.Workflow or DifyAppMode.AdvancedChat;

    internal static Guid DeterministicGuid(string text)
    {
        // A name-based id (hash of the text) so ids are identical on every endpoint and every run.
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
