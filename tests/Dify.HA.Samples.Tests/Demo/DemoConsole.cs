using Spectre.Console;

namespace Dify.HA.Samples.Tests.Demo;

/// <summary>A Spectre console over a StringWriter, as when the demo's output is redirected: no ANSI, not interactive.</summary>
internal sealed class DemoConsole
{
    public DemoConsole()
    {
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(Output),
        });
    }

    public StringWriter Output { get; } = new();

    public StringWriter Lines { get; } = new();

    public StringWriter Errors { get; } = new();

    public IAnsiConsole Console { get; }

    // The machine's DIFY_DEMO_* must not change what a test runs.
    public static IReadOnlyDictionary<string, string?> NoEnvironment { get; } = new Dictionary<string, string?>();
}
