using Microsoft.Extensions.Time.Testing;

namespace Dify.HA.Data.Tests.Tasks;

/// <summary>Polls a condition with a short delay and a deadline (optionally advancing a fake clock each round).</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string what, TimeSpan? deadline = null, FakeTimeProvider? advance = null, TimeSpan? step = null)
    {
        var until = DateTime.UtcNow + (deadline ?? TimeSpan.FromSeconds(15));
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, $"timed out waiting for: {what}");
            advance?.Advance(step ?? TimeSpan.FromMilliseconds(50));
            await Task.Delay(5);
        }
    }

    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? deadline = null, FakeTimeProvider? advance = null, TimeSpan? step = null)
    {
        var until = DateTime.UtcNow + (deadline ?? TimeSpan.FromSeconds(15));
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, $"timed out waiting for: {what}");
            advance?.Advance(step ?? TimeSpan.FromMilliseconds(50));
            await Task.Delay(5);
        }
    }
}
