namespace Dify.HA.Demo.Options;

/// <summary>
/// Turns the command line into configuration keys. Hand-written rather than Microsoft.Extensions.Configuration.CommandLine
/// because that provider accepts any <c>--key value</c> silently and has no flags: a typo must fail with a message naming it.
/// </summary>
internal static class DemoCommandLine
{
    public const string Usage = """
        usage: dotnet run --project samples/Dify.HA.Demo -- [options]
          (no options)            three emulated Dify regions in-process, the fault script, HA client vs plain HttpClient
          --endpoints URL,URL     a real Dify instead (…/v1 URLs; each its own region, first = primary); no faults injected
          --base-url URL          the same with one URL
          --api-key KEY           the chat app's key (required with --endpoints)
          --workflow-key KEY      a workflow app's key (optional: without it the load is chat only)
          --duration SECONDS      length of the script of each client (default 25, 4 – 3600)
          --rate N                calls started per second (default 8, 0.5 – 200)
          --min-success PERCENT   exit code 1 when the HA client's success % is below this (default 97)
          --no-live               plain lines instead of the live display (automatic when output is redirected)
          --help                  this text
        Every option can also come from the environment: DIFY_DEMO_ENDPOINTS, DIFY_DEMO_APIKEY, DIFY_DEMO_DURATION, …
        """;

    // option → configuration key; null value = a flag.
    private static readonly Dictionary<string, (string Key, bool Flag)> Known = new(StringComparer.Ordinal)
    {
        ["--endpoints"] = (DemoOptionsLoader.EndpointsKey, false),
        ["--base-url"] = (DemoOptionsLoader.BaseUrlKey, false),
        ["--api-key"] = (DemoOptionsLoader.ApiKeyKey, false),
        ["--workflow-key"] = (DemoOptionsLoader.WorkflowKeyKey, false),
        ["--duration"] = (DemoOptionsLoader.DurationKey, false),
        ["--rate"] = (DemoOptionsLoader.RateKey, false),
        ["--min-success"] = (DemoOptionsLoader.MinSuccessKey, false),
        ["--no-live"] = (DemoOptionsLoader.NoLiveKey, true),
    };

    /// <summary>Parses <paramref name="args"/>; on failure <paramref name="error"/> names the option and the fix.</summary>
    public static bool TryParse(IReadOnlyList<string> args, out Dictionary<string, string?> values, out bool help, out string? error)
    {
        values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        help = false;
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help" or "-?")
            {
                help = true;
                return true;
            }

            // Accept --option=value as well as --option value.
            string? inline = null;
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                inline = arg[(eq + 1)..];
                arg = arg[..eq];
            }

            if (!Known.TryGetValue(arg, out var option))
            {
                error = $"Unknown option '{arg}'. See --help for the options.";
                return false;
            }

            if (option.Flag)
            {
                values[option.Key] = inline ?? "true";
                continue;
            }

            if (inline is null)
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    error = $"Option '{arg}' needs a value, e.g. {Example(arg)}.";
                    return false;
                }

                inline = args[++i];
            }

            values[option.Key] = inline;
        }

        return true;
    }

    /// <summary>An example of an option's use, for messages.</summary>
    public static string Example(string option) => option switch
    {
        "--endpoints" => "--endpoints https://dify-a.example/v1,https://dify-b.example/v1",
        "--base-url" => "--base-url https://dify.example/v1",
        "--api-key" => "--api-key app-…",
        "--workflow-key" => "--workflow-key app-…",
        "--duration" => "--duration 30",
        "--rate" => "--rate 8",
        "--min-success" => "--min-success 97",
        _ => option,
    };
}
