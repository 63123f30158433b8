namespace Dify.HA.Client;

/// <summary>Checks <see cref="DifyResilienceOptions"/>; each message names the key under <c>…:Resilience</c> and the fix.
/// Called by the client options' validator at start-up.</summary>
internal static class DifyResilienceOptionsValidator
{
    public static void Collect(DifyResilienceOptions? options, string keyPrefix, List<string> failures)
    {
        var k = keyPrefix + ":Resilience";
        if (options is null)
        {
            failures.Add($"{k} must not be null: remove the assignment to get the defaults.");
            return;
        }
        Range(options.ConnectTimeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1), $"{k}:ConnectTimeout", "00:00:03", failures);
        Range(options.ResponseHeadersTimeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(10), $"{k}:ResponseHeadersTimeout", "00:00:10", failures);
        Range(options.StreamResponseHeadersTimeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(10), $"{k}:StreamResponseHeadersTimeout", "00:00:15", failures);
        Range(options.FirstEventTimeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(10), $"{k}:FirstEventTimeout", "00:01:00", failures);
        Range(options.Deadline, TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1), $"{k}:Deadline", "00:02:00", failures);
        Range(options.BackoffBase, TimeSpan.Zero, TimeSpan.FromSeconds(10), $"{k}:BackoffBase", "00:00:00.050", failures);
        Range(options.BackoffMax, TimeSpan.Zero, TimeSpan.FromMinutes(1), $"{k}:BackoffMax", "00:00:02", failures);
        if (options.BackoffMax < options.BackoffBase)
            failures.Add($"{k}:BackoffMax ({options.BackoffMax}) must be at least {k}:BackoffBase ({options.BackoffBase}).");
        Range(options.RetryBudgetWindow, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10), $"{k}:RetryBudgetWindow", "00:00:10", failures);
        if (options.MaxAttempts is < 1 or > 10)
            failures.Add($"{k}:MaxAttempts must be between 1 and 10 (got {options.MaxAttempts}); 1 disables retries, the default is 3.");
        if (!(options.RetryBudgetRatio >= 0 && options.RetryBudgetRatio <= 10))
            failures.Add($"{k}:RetryBudgetRatio must be between 0 and 10 (got {options.RetryBudgetRatio}); the default 0.2 lets retries add at most 20% load.");
        if (!(options.MinRetriesPerSecond >= 0 && options.MinRetriesPerSecond <= 10_000))
            failures.Add($"{k}:MinRetriesPerSecond must be between 0 and 10000 (got {options.MinRetriesPerSecond}); the default is 1.");
        if (options.RateLimitPerSecond is { } rate && !(rate >= 0.1 && rate <= 100_000))
            failures.Add($"{k}:RateLimitPerSecond must be between 0.1 and 100000 when set (got {rate}); remove it for no limit.");
        if (options.MaxConcurrency is { } max && max is < 1 or > 100_000)
            failures.Add($"{k}:MaxConcurrency must be between 1 and 100000 when set (got {max}); remove it for no limit.");

        if (options.Affinity is not { } affinity)
        {
            failures.Add($"{k}:Affinity must not be null: remove the assignment to get the defaults.");
        }
        else
        {
            if (affinity.MaxEntries is < 16 or > 10_000_000)
                failures.Add($"{k}:Affinity:MaxEntries must be between 16 and 10000000 (got {affinity.MaxEntries}); the default is 10000.");
            Range(affinity.TimeToLive, TimeSpan.FromSeconds(1), TimeSpan.FromDays(30), $"{k}:Affinity:TimeToLive", "01:00:00", failures);
            if (!Enum.IsDefined(affinity.OnPinnedRegionDown))
                failures.Add($"{k}:Affinity:OnPinnedRegionDown must be Fail or NewConversationInBackup (got {affinity.OnPinnedRegionDown}).");
        }

        if (options.Hedging is not { } hedging)
            failures.Add($"{k}:Hedging must not be null: remove the assignment to get the defaults.");
        else
            Range(hedging.Delay, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(1), $"{k}:Hedging:Delay", "00:00:00.500", failures);
    }

    private static void Range(TimeSpan value, TimeSpan min, TimeSpan max, string key, string defaultText, List<string> failures)
    {
        if (value < min || value > max)
            failures.Add($"{key} must be between {min} and {max} (got {value}); the default is {defaultText}.");
    }
}
