using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Dify.HA.Demo.Options;

/// <summary>
/// Reads <see cref="DemoOptions"/> from configuration (in-code defaults &lt; DIFY_DEMO_* environment &lt; command line) and
/// validates them up front, so a bad value fails before anything starts, with a message naming the option and the fix.
/// </summary>
internal static class DemoOptionsLoader
{
    public const string EnvironmentPrefix = "DIFY_DEMO_";
    public const string EndpointsKey = "Endpoints";
    public const string BaseUrlKey = "BaseUrl";
    public const string ApiKeyKey = "ApiKey";
    public const string WorkflowKeyKey = "WorkflowKey";
    public const string DurationKey = "Duration";
    public const string RateKey = "Rate";
    public const string MinSuccessKey = "MinSuccess";
    public const string NoLiveKey = "NoLive";

    /// <summary>The demo's configuration: its defaults (<see cref="DemoDefaults"/>), then DIFY_DEMO_*, then the parsed command line.</summary>
    public static IConfigurationRoot BuildConfiguration(IReadOnlyDictionary<string, string?> commandLine, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var builder = new ConfigurationBuilder().AddInMemoryCollection(DemoDefaults.Settings);
        if (environment is null)
            builder.AddEnvironmentVariables(EnvironmentPrefix);
        else
            builder.AddInMemoryCollection(environment); // tests pass their own, so the machine's DIFY_DEMO_* cannot leak in
        return builder.AddInMemoryCollection(commandLine).Build();
    }

    /// <summary>Validates and returns the options, or the list of problems.</summary>
    public static DemoOptions? Load(IConfiguration configuration, List<string> errors)
    {
        var endpoints = new List<Uri>();
        var list = configuration[EndpointsKey];
        var baseUrl = configuration[BaseUrlKey];
        if (!string.IsNullOrWhiteSpace(list) && !string.IsNullOrWhiteSpace(baseUrl))
            errors.Add($"{Name("--endpoints", EndpointsKey)} and {Name("--base-url", BaseUrlKey)} were both given: use one (--base-url is --endpoints with one URL).");
        foreach (var text in (list ?? baseUrl ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && string.IsNullOrEmpty(uri.Query))
            {
                if (endpoints.Contains(uri))
                    errors.Add($"{Name("--endpoints", EndpointsKey)}: {uri} is listed twice: list each endpoint once.");
                else
                    endpoints.Add(uri);
            }
            else
            {
                errors.Add($"{Name("--endpoints", EndpointsKey)}: '{text}' is not an absolute http(s) URL without a query: use e.g. https://dify.example/v1.");
            }
        }

        var apiKey = Blank(configuration[ApiKeyKey]);
        if (endpoints.Count > 0 && apiKey is null)
            errors.Add($"{Name("--api-key", ApiKeyKey)} is required with --endpoints/--base-url: the key of a chat app of that Dify (Studio → API Access).");

        var duration = Number(configuration, DurationKey, "--duration", DemoOptions.DefaultDuration.TotalSeconds, 4, 3600, "seconds", errors);
        var rate = Number(configuration, RateKey, "--rate", 8, 0.5, 200, "calls per second", errors);
        var minSuccess = Number(configuration, MinSuccessKey, "--min-success", 97, 0, 100, "percent", errors);
        bool? live = null;
        if (Blank(configuration[NoLiveKey]) is { } noLive)
        {
            if (bool.TryParse(noLive, out var b))
                live = !b;
            else
                errors.Add($"{Name("--no-live", NoLiveKey)}: '{noLive}' is not true or false.");
        }

        if (errors.Count > 0)
            return null;

        return new DemoOptions
        {
            Endpoints = endpoints,
            ApiKey = apiKey,
            WorkflowKey = Blank(configuration[WorkflowKeyKey]),
            Duration = TimeSpan.FromSeconds(duration),
            Rate = rate,
            MinSuccess = minSuccess / 100,
            Live = live,
        };
    }

    private static double Number(IConfiguration configuration, string key, string option, double fallback, double min, double max, string unit, List<string> errors)
    {
        var text = Blank(configuration[key]);
        if (text is null)
            return fallback;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || double.IsNaN(value))
        {
            errors.Add($"{Name(option, key)}: '{text}' is not a number ({unit}); use e.g. {DemoCommandLine.Example(option)}.");
            return fallback;
        }

        if (value < min || value > max)
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{Name(option, key)}: {value} is out of range; use {min} – {max} {unit}."));
        return value;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    // Both spellings, because the value may have come from either.
    private static string Name(string option, string key) => $"{option} ({EnvironmentPrefix}{key.ToUpperInvariant()})";
}
