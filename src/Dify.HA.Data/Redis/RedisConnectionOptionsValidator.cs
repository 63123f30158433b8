using Dify.HA.Data.Redis.Internals;
using Microsoft.Extensions.Options;

namespace Dify.HA.Data.Redis;

/// <summary>
/// Validates <see cref="RedisConnectionOptions"/> at start-up. Each failure names the configuration key (under the
/// section the options were bound from) and says how to fix it; secrets never appear in a message.
/// </summary>
internal sealed class RedisConnectionOptionsValidator : IValidateOptions<RedisConnectionOptions>
{
    private readonly string _section;

    public RedisConnectionOptionsValidator(string section = RedisConnectionOptions.SectionName) => _section = section;

    public ValidateOptionsResult Validate(string? name, RedisConnectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var s = _section;

        switch (options.Mode)
        {
            case RedisConnectionMode.Standalone:
            case RedisConnectionMode.Cluster:
                if (options.Endpoints.Count == 0)
                {
                    failures.Add($"{s}:Endpoints is empty: {options.Mode} mode needs at least one 'host:port' (e.g. {s}:Endpoints:0=127.0.0.1:6379).");
                }

                if (!string.IsNullOrWhiteSpace(options.ServiceName))
                {
                    failures.Add($"{s}:ServiceName is set but {s}:Mode is {options.Mode}: set {s}:Mode to Sentinel, or remove {s}:ServiceName.");
                }

                if (options.SentinelEndpoints.Count > 0)
                {
                    failures.Add($"{s}:SentinelEndpoints is set but {s}:Mode is {options.Mode}: set {s}:Mode to Sentinel, or remove {s}:SentinelEndpoints.");
                }

                break;
            case RedisConnectionMode.Sentinel:
                if (string.IsNullOrWhiteSpace(options.ServiceName))
                {
                    failures.Add($"{s}:ServiceName is required in Sentinel mode: set it to the master name the Sentinels monitor ('sentinel monitor NAME ...', Dify's default is 'mymaster').");
                }

                if (options.SentinelEndpoints.Count == 0)
                {
                    failures.Add($"{s}:SentinelEndpoints is empty: Sentinel mode needs the Sentinels as 'host:port' (e.g. {s}:SentinelEndpoints:0=10.0.0.1:26379), three are recommended.");
                }

                if (options.Endpoints.Count > 0)
                {
                    failures.Add($"{s}:Endpoints must be empty in Sentinel mode: the Sentinels name the master and replicas; list the Sentinels in {s}:SentinelEndpoints instead.");
                }

                break;
            default:
                failures.Add($"{s}:Mode '{options.Mode}' is not a mode: use Standalone, Sentinel or Cluster.");
                break;
        }

        CheckEndpoints(failures, $"{s}:Endpoints", options.Endpoints, 6379);
        CheckEndpoints(failures, $"{s}:SentinelEndpoints", options.SentinelEndpoints, 26379);

        if (options.Database is < 0 or > 15)
        {
            failures.Add($"{s}:Database is {options.Database}: use 0 to 15.");
        }
        else if (options.Mode == RedisConnectionMode.Cluster && options.Database != 0)
        {
            failures.Add($"{s}:Database is {options.Database} but Redis Cluster has only database 0: set {s}:Database to 0.");
        }

        if (options.TlsTrustedIssuerPath is { Length: > 0 } issuer && !File.Exists(issuer))
        {
            failures.Add($"{s}:TlsTrustedIssuerPath names a file that does not exist: give the path of the CA certificate (PEM or DER).");
        }

        if ((options.TlsHost is { Length: > 0 } || options.TlsTrustedIssuerPath is { Length: > 0 }) && !options.UseTls)
        {
            failures.Add($"{s}:TlsHost or {s}:TlsTrustedIssuerPath is set but {s}:UseTls is false: set {s}:UseTls to true, or remove them.");
        }

        CheckRange(failures, $"{s}:ConnectTimeout", options.ConnectTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5));
        CheckRange(failures, $"{s}:CommandTimeout", options.CommandTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5));
        CheckRange(failures, $"{s}:RetryTimeout", options.RetryTimeout, TimeSpan.Zero, TimeSpan.FromMinutes(5));
        CheckRange(failures, $"{s}:RetryBaseDelay", options.RetryBaseDelay, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(10));
        CheckRange(failures, $"{s}:RetryMaxDelay", options.RetryMaxDelay, options.RetryBaseDelay, TimeSpan.FromSeconds(30));
        CheckRange(failures, $"{s}:ReconfigureMinInterval", options.ReconfigureMinInterval, TimeSpan.Zero, TimeSpan.FromMinutes(1));

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckEndpoints(List<string> failures, string key, IList<string> endpoints, int defaultPort)
    {
        for (var i = 0; i < endpoints.Count; i++)
        {
            if (!RedisEndpointParser.TryParse(endpoints[i], defaultPort, out _, out _))
            {
                // The value itself is not echoed: a pasted configuration string may hold a password.
                failures.Add($"{key}:{i} is not an endpoint: write 'host:port' or 'host' (port {defaultPort}), '[v6 address]:port' for IPv6; a password goes in its own key, not in the endpoint.");
            }
        }
    }

    private static void CheckRange(List<string> failures, string key, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{key} is {value}: use a value from {min} to {max}.");
        }
    }
}
