using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Dify.HA.Data.Tests.TestSupport;

/// <summary>
/// Writes log lines to a test's output with milliseconds since the logger was made, so that a slow failover test shows
/// what the component did and when. Lines written after the test ended are dropped (xUnit refuses them).
/// </summary>
internal sealed class TestOutputLogger<T>(ITestOutputHelper output) : ILogger<T>
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        try
        {
            output.WriteLine($"  [{_clock.ElapsedMilliseconds,6} ms {logLevel}] {formatter(state, exception)}");
        }
        catch (InvalidOperationException)
        {
            // The test has finished.
        }
    }
}
