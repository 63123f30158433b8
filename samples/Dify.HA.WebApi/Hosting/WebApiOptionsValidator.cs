using System.Globalization;
using Microsoft.Extensions.Options;

namespace Dify.HA.WebApi.Hosting;

/// <summary>Checks <see cref="WebApiOptions"/> at start-up; every message names the key and the fix.</summary>
internal sealed class WebApiOptionsValidator : IValidateOptions<WebApiOptions>
{
    private const string S = WebApiOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, WebApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ChatUser) || options.ChatUser.Length > 255)
            errors.Add($"{S}:ChatUser must be a non-blank Dify user id of at most 255 characters (default 'webapi-sample').");
        if (options.MaxMessageLength is < 1 or > 100_000)
            errors.Add(Invariant($"{S}:MaxMessageLength must be between 1 and 100000 (got {options.MaxMessageLength}); the default is 4000."));
        if (options.StopTimeout < TimeSpan.FromMilliseconds(100) || options.StopTimeout > TimeSpan.FromMinutes(1))
            errors.Add(Invariant($"{S}:StopTimeout must be between 00:00:00.100 and 00:01:00 (got {options.StopTimeout}); the default is 00:00:05."));
        if (options.DrainDelay < TimeSpan.Zero || options.DrainDelay > TimeSpan.FromMinutes(5))
            errors.Add(Invariant($"{S}:DrainDelay must be between 00:00:00 and 00:05:00 (got {options.DrainDelay}); the default is 00:00:05."));
        if (options.ShutdownTimeout < TimeSpan.FromSeconds(1) || options.ShutdownTimeout > TimeSpan.FromHours(1))
            errors.Add(Invariant($"{S}:ShutdownTimeout must be between 00:00:01 and 01:00:00 (got {options.ShutdownTimeout}); the default is 00:00:30."));
        else if (options.DrainDelay >= options.ShutdownTimeout)
            errors.Add(Invariant($"{S}:DrainDelay ({options.DrainDelay}) must be shorter than {S}:ShutdownTimeout ({options.ShutdownTimeout}): the drain delay is spent out of the shutdown budget, and in-flight streams need the rest."));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
