using Dify.HA.Data.Postgres.Internals;
using Microsoft.Extensions.Options;

namespace Dify.HA.Data.Postgres;

/// <summary>
/// Validates <see cref="PostgresRoutingOptions"/> at start-up. Each failure names the configuration key (under the
/// section the options were bound from) and says how to fix it; the connection string is never echoed.
/// </summary>
internal sealed class PostgresRoutingOptionsValidator : IValidateOptions<PostgresRoutingOptions>
{
    private readonly string _section;

    public PostgresRoutingOptionsValidator(string section = PostgresRoutingOptions.SectionName) => _section = section;

    public ValidateOptionsResult Validate(string? name, PostgresRoutingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var s = _section;
        IReadOnlyList<PostgresEndpoint>? hosts = null;

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"{s}:ConnectionString is required: set it to an Npgsql connection string listing every node, e.g. 'Host=pg-a:5432,pg-b:5432;Username=dify;Password=...;Database=dify'.");
        }
        else if (!PostgresHostListParser.TryParse(options.ConnectionString, out hosts, out var error))
        {
            failures.Add($"{s}:ConnectionString {error}.");
        }

        Range(failures, $"{s}:MaxReplicaLag", options.MaxReplicaLag, TimeSpan.Zero, TimeSpan.FromHours(1), "00:00:01");
        Range(failures, $"{s}:MonitorInterval", options.MonitorInterval, TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(1), "00:00:01");
        Range(failures, $"{s}:MaxSampleAge", options.MaxSampleAge, TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(10), "00:00:03");
        if (options.MaxSampleAge < options.MonitorInterval && options.MonitorInterval > TimeSpan.Zero)
        {
            failures.Add($"{s}:MaxSampleAge ({options.MaxSampleAge}) is shorter than {s}:MonitorInterval ({options.MonitorInterval}): every standby would look stale between two samples; set it to about 3 x MonitorInterval.");
        }

        Range(failures, $"{s}:ProbeTimeout", options.ProbeTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1), "00:00:02");
        Range(failures, $"{s}:ReadYourWritesWait", options.ReadYourWritesWait, TimeSpan.Zero, TimeSpan.FromMinutes(1), "00:00:00");
        Range(failures, $"{s}:FailoverTimeout", options.FailoverTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10), "00:00:30");
        Range(failures, $"{s}:RediscoveryInterval", options.RediscoveryInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1), "00:00:00.200");
        Range(failures, $"{s}:RetryBaseDelay", options.RetryBaseDelay, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(10), "00:00:00.050");
        Range(failures, $"{s}:RetryMaxDelay", options.RetryMaxDelay, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(30), "00:00:01");
        if (options.RetryMaxDelay < options.RetryBaseDelay)
        {
            failures.Add($"{s}:RetryMaxDelay ({options.RetryMaxDelay}) is shorter than {s}:RetryBaseDelay ({options.RetryBaseDelay}): raise RetryMaxDelay or lower RetryBaseDelay.");
        }

        if (options.MaxAttempts is < 1 or > 100)
        {
            failures.Add($"{s}:MaxAttempts must be from 1 (no retry) to 100, got {options.MaxAttempts}: the default is 6.");
        }

        Range(failures, $"{s}:PatroniTimeout", options.PatroniTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(30), "00:00:01");
        for (var i = 0; i < options.Patroni.Count; i++)
        {
            var member = options.Patroni[i];
            var key = $"{s}:Patroni:{i}";
            if (string.IsNullOrWhiteSpace(member.Host))
            {
                failures.Add($"{key}:Host is required: set it to one host of {s}:ConnectionString as 'host:port'.");
            }
            else if (hosts is not null && !hosts.Any(h => string.Equals(h.Name, member.Host.Trim(), StringComparison.OrdinalIgnoreCase)))
            {
                failures.Add($"{key}:Host '{member.Host}' is not a host of {s}:ConnectionString: use one of {string.Join(", ", hosts.Select(h => h.Name))}.");
            }

            if (!Uri.TryCreate(member.Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                failures.Add($"{key}:Url is not an absolute http(s) URL: set it to the Patroni REST API base, e.g. 'http://pg-a:8008'.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Range(List<string> failures, string key, TimeSpan value, TimeSpan min, TimeSpan max, string example)
    {
        if (value < min || value > max)
        {
            failures.Add($"{key} must be from {min} to {max}, got {value}: set a TimeSpan such as '{example}'.");
        }
    }
}
