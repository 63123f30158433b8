using System.Globalization;
using Dify.HA.Testing;

namespace Dify.HA.Emulator;

/// <summary>The parsed command line of the emulator tool.</summary>
internal sealed class EmulatorCommandLine
{
    public const string Usage = """
        dify-emulator — a Dify Service API emulator on loopback, with fault injection.

        Usage: dotnet run --project src/Dify.HA.Emulator -- [options]

        Options:
          --urls URL            Where to listen; host must be 127.0.0.1 or localhost (default http://127.0.0.1:5001).
          --port N              Same as --urls http://127.0.0.1:N (0 = any free port).
          --app MODE:KEY        Add an app; MODE is chat, agent-chat (agent), advanced-chat (chatflow), completion or
                                workflow. Repeatable. The five default apps are always served:
                                app-chat, app-agent, app-chatflow, app-completion, app-workflow.
          --dataset-key KEY     Add a Knowledge API key (dataset key); repeatable. dataset-test is always served.
          --indexing-step DUR   Length of each emulated indexing step of a document (default 100ms; 5 steps).
          --knowledge-rpm N     Knowledge requests per rolling minute before 403 (default 0 = unlimited).
          --fault SPEC          Turn a fault on at start (repeatable, see below).
          --ping-interval DUR   Idle time before "event: ping" (default 10s).
          --token-delay DUR     Gap between streamed tokens (default 5ms).
          --seed N              Seed of answers and fault randomness (default 42).
          --max-active N        Concurrent generations per app before 429 too_many_requests (default 0 = unlimited).
          --name NAME           Instance name (default emulator).
          -h, --help            Show this help.

        Fault SPECs (DUR is 250ms, 2s, 1.5s or 1m; RATIO is 0..1):
          latency=DUR           Add DUR before every request.
          latency=DUR..DUR      Add a uniformly random latency between the two.
          status=CODE:RATIO     Answer CODE for RATIO of requests (502/503/504: nginx HTML page; others: JSON envelope).
          status=CODE:RATIO:ERR Same, with Dify error code ERR in the JSON envelope (e.g. status=500:0.1:internal_server_error).
          throttle=RATIO        Answer 429 too_many_requests for RATIO of requests.
          blackhole             Accept connections, never answer.
          reset=BYTES           Abort the connection after BYTES of a response body.
          cut=N                 Abort streams after N data events (the run goes on, as in Dify).
          slow=DUR              Wait DUR before each stream event.
          knowledge-rate-limit=N    Answer the next N rate-limited Knowledge API requests 403 forbidden (Dify's
                                    knowledge rate limit; the writes, download and retrieve, as Dify).
          knowledge-rate-limit=DUR  Same, for every rate-limited Knowledge API request during DUR.
          knowledge-rate-limit=N:all / DUR:all   Same, on every Knowledge API operation (reads too).

        Exits with 0 on Ctrl+C or SIGTERM, 2 on a bad command line.
        """;

    public int Port { get; private set; } = 5001;

    public List<EmulatorApp> ExtraApps { get; } = [];

    public List<string> DatasetKeys { get; } = [];

    public TimeSpan IndexingStep { get; private set; } = TimeSpan.FromMilliseconds(100);

    public int KnowledgeRequestsPerMinute { get; private set; }

    public List<Action<EmulatorFaults>> Faults { get; } = [];

    public List<string> FaultTexts { get; } = [];

    public TimeSpan PingInterval { get; private set; } = TimeSpan.FromSeconds(10);

    public TimeSpan TokenDelay { get; private set; } = TimeSpan.FromMilliseconds(5);

    public int Seed { get; private set; } = 42;

    public int MaxActive { get; private set; }

    public string Name { get; private set; } = "emulator";

    public bool Help { get; private set; }

    /// <summary>Parses the arguments; the error names the argument and the fix.</summary>
    public static (EmulatorCommandLine? Line, string? Error) Parse(IReadOnlyList<string> args)
    {
        var line = new EmulatorCommandLine();
        try
        {
            for (var i = 0; i < args.Count; i++)
            {
                var arg = args[i];
                string Value() => i + 1 < args.Count ? args[++i] : throw new FormatException($"{arg} needs a value.");
                switch (arg)
                {
                    case "-h" or "--help" or "-?":
                        line.Help = true;
                        break;
                    case "--urls":
                        line.Port = ParseUrl(Value());
                        break;
                    case "--port":
                        line.Port = int.Parse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture);
                        break;
                    case "--app":
                        line.ExtraApps.Add(ParseApp(Value()));
                        break;
                    case "--dataset-key":
                        line.DatasetKeys.Add(Value());
                        break;
                    case "--indexing-step":
                        line.IndexingStep = ParseDuration(Value());
                        break;
                    case "--knowledge-rpm":
                        line.KnowledgeRequestsPerMinute = int.Parse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture);
                        break;
                    case "--fault":
                        var spec = Value();
                        line.Faults.Add(ParseFault(spec));
                        line.FaultTexts.Add(spec);
                        break;
                    case "--ping-interval":
                        line.PingInterval = ParseDuration(Value());
                        break;
                    case "--token-delay":
                        line.TokenDelay = ParseDuration(Value());
                        break;
                    case "--seed":
                        line.Seed = int.Parse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture);
                        break;
                    case "--max-active":
                        line.MaxActive = int.Parse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture);
                        break;
                    case "--name":
                        line.Name = Value();
                        break;
                    default:
                        throw new FormatException($"Unknown argument '{arg}'. See --help.");
                }
            }
        }
        catch (FormatException ex)
        {
            return (null, ex.Message);
        }
        catch (OverflowException ex)
        {
            return (null, ex.Message);
        }

        return (line, null);
    }

    public DifyEmulatorOptions ToOptions()
    {
        var options = new DifyEmulatorOptions
        {
            Name = Name,
            Port = Port,
            PingInterval = PingInterval,
            TokenDelay = TokenDelay,
            Seed = Seed,
            MaxActiveRequestsPerApp = MaxActive,
            IndexingStepDuration = IndexingStep,
            KnowledgeRequestsPerMinute = KnowledgeRequestsPerMinute,
        };
        foreach (var key in DatasetKeys)
        {
            if (options.DatasetApiKeys.Contains(key) || options.Apps.Any(a => a.ApiKey == key))
                throw new FormatException("--dataset-key: that key is already served (dataset-test and the app keys are taken).");
            options.DatasetApiKeys.Add(key);
        }

        foreach (var app in ExtraApps)
        {
            if (options.Apps.Any(a => a.ApiKey == app.ApiKey))
                throw new FormatException("--app: an app with that key already exists (the five default keys are taken).");
            options.Apps.Add(app);
        }

        return options;
    }

    private static int ParseUrl(string text)
    {
        if (!Uri.TryCreate(text.Split(';')[0], UriKind.Absolute, out var uri) || uri.Scheme != "http")
            throw new FormatException($"--urls: '{text}' is not an http URL such as http://127.0.0.1:5001.");
        if (uri.Host is not ("127.0.0.1" or "localhost"))
            throw new FormatException("--urls: the emulator listens on loopback only; use http://127.0.0.1:PORT.");
        return uri.Port;
    }

    private static EmulatorApp ParseApp(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == text.Length - 1)
            throw new FormatException("--app: expected MODE:KEY, e.g. --app workflow:app-my-flow.");
        if (!EmulatorApp.TryParseMode(text[..colon], out var mode))
            throw new FormatException($"--app: unknown mode '{text[..colon]}'; use chat, agent-chat, advanced-chat (chatflow), completion or workflow.");
        return new EmulatorApp(text[(colon + 1)..], mode);
    }

    internal static Action<EmulatorFaults> ParseFault(string spec)
    {
        var eq = spec.IndexOf('=', StringComparison.Ordinal);
        var name = (eq < 0 ? spec : spec[..eq]).Trim().ToUpperInvariant();
        var value = eq < 0 ? string.Empty : spec[(eq + 1)..].Trim();
        switch (name)
        {
            case "LATENCY":
                var range = value.Split("..");
                if (range.Length == 2)
                {
                    var low = ParseDuration(range[0]);
                    var high = ParseDuration(range[1]);
                    if (high < low)
                        throw new FormatException("--fault latency=A..B: B must not be below A.");
                    return f => f.AddLatency(r => low + ((high - low) * r.NextDouble()));
                }

                var fixedLatency = ParseDuration(value);
                return f => f.AddLatency(fixedLatency);
            case "STATUS":
                var parts = value.Split(':');
                if (parts.Length is < 2 or > 3)
                    throw new FormatException("--fault status=CODE:RATIO[:ERROR_CODE], e.g. status=503:0.3.");
                var status = int.Parse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture);
                var ratio = ParseRatio(parts[1]);
                var code = parts.Length == 3 ? parts[2] : null;
                if (status is < 400 or > 599)
                    throw new FormatException("--fault status: CODE must be 400–599.");
                return f => f.StatusBurst(status, ratio, code);
            case "THROTTLE":
                var throttle = ParseRatio(value);
                return f => f.ThrottleStorm(throttle);
            case "BLACKHOLE":
                return f => f.BlackHole();
            case "RESET":
                var bytes = long.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture);
                return f => f.ResetAfterBytes(bytes);
            case "CUT":
                var events = int.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture);
                return f => f.CutStreamAfterEvents(events);
            case "KNOWLEDGE-RATE-LIMIT":
                var everywhere = value.EndsWith(":all", StringComparison.OrdinalIgnoreCase);
                if (everywhere)
                    value = value[..^":all".Length];
                if (value.Length > 0 && char.IsDigit(value[^1]))
                {
                    var requests = int.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture);
                    return f => f.KnowledgeRateLimit(requests, everywhere);
                }

                var window = ParseDuration(value);
                return f => f.KnowledgeRateLimit(window, everywhere);
            case "SLOW":
                var gap = ParseDuration(value);
                return f => f.SlowStream(gap);
            default:
                throw new FormatException($"--fault: unknown fault '{spec}'; use latency, status, throttle, blackhole, reset, cut, slow or knowledge-rate-limit (see --help).");
        }
    }

    internal static TimeSpan ParseDuration(string text)
    {
        text = text.Trim();
        double Number(int suffix) => double.Parse(text[..^suffix], NumberStyles.Float, CultureInfo.InvariantCulture);
        var duration = text switch
        {
            _ when text.EndsWith("ms", StringComparison.Ordinal) => TimeSpan.FromMilliseconds(Number(2)),
            _ when text.EndsWith('s') => TimeSpan.FromSeconds(Number(1)),
            _ when text.EndsWith('m') => TimeSpan.FromMinutes(Number(1)),
            _ => throw new FormatException($"'{text}' is not a duration; write 250ms, 2s, 1.5s or 1m."),
        };
        return duration < TimeSpan.Zero ? throw new FormatException($"'{text}': a duration must not be negative.") : duration;
    }

    private static double ParseRatio(string text)
    {
        var ratio = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        return ratio is < 0 or > 1 ? throw new FormatException($"'{text}': a ratio is between 0 and 1.") : ratio;
    }
}
