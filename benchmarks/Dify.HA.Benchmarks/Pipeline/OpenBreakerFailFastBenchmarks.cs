using System.Globalization;
using BenchmarkDotNet.Attributes;
using Dify.HA.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Dify.HA.Benchmarks.Pipeline;

/// <summary>
/// Issue 3, part 11: "failing fast on an open breaker without throwing internally". The only endpoint refuses
/// connections until its breaker opens; then every call fails with <see cref="DifyNoHealthyEndpointException"/> without
/// an attempt. The setup counts first-chance exceptions per call over 1000 calls and prints it: the pipeline throws none
/// (it returns a faulted ValueTask), so the count is the API layer's await and rethrow plus the caller's own await (3);
/// the benchmark measures the time and allocations of such a call.
/// Run: <c>dotnet run -c Release --project benchmarks/Dify.HA.Benchmarks -- --filter *OpenBreaker* --inProcess --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class OpenBreakerFailFastBenchmarks
{
    private readonly ChatMessageRequest _request = new() { Query = "How does failover work?", User = "bench-user" };
    private IDifyClient _dify = null!;
    private ServiceProvider _services = null!;

    /// <summary>First-chance exceptions per failed-fast call, measured by the setup.</summary>
    public static double ExceptionsPerCall { get; private set; } = double.NaN;

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        services.AddDifyClient("dead", o =>
            {
                o.BaseUrl = new Uri("http://dify.dead.local/v1/");
                o.ApiKey = "app-bench";
            })
            .ConfigureHttpClient(b => b.ConfigurePrimaryHttpMessageHandler(() => new RefusingHandler()));
        _services = services.BuildServiceProvider();
        _dify = _services.GetRequiredService<IDifyClientFactory>().CreateClient("dead");

        // Refused connections until the breaker opens (5 failures in a row by default).
        for (var i = 0; i < 20 && !FailedFast(); i++)
        {
        }
        if (!FailedFast()) throw new InvalidOperationException("The breaker did not open: calls still reach the endpoint.");

        long exceptions = 0;
        EventHandler<System.Runtime.ExceptionServices.FirstChanceExceptionEventArgs> count = (_, _) => Interlocked.Increment(ref exceptions);
        AppDomain.CurrentDomain.FirstChanceException += count;
        const int Calls = 1000;
        for (var i = 0; i < Calls; i++) FailedFast();
        AppDomain.CurrentDomain.FirstChanceException -= count;
        ExceptionsPerCall = exceptions / (double)Calls;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// open breaker: {ExceptionsPerCall:0.###} first-chance exceptions per failed-fast call, as the caller sees it (none thrown by the pipeline; 3 = the API layer's await and rethrow + the caller's await)"));
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Description = "IDifyClient.Chat.SendAsync, breaker open")]
    public async Task<bool> FailFast()
    {
        try
        {
            await _dify.Chat.SendAsync(_request).ConfigureAwait(false);
            return false;
        }
        catch (DifyNoHealthyEndpointException)
        {
            return true;
        }
    }

    private bool FailedFast()
    {
        try
        {
            return FailFast().GetAwaiter().GetResult();
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
