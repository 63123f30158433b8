using Dify.HA.Client.Routing;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Dify.HA.Client.Tests.Routing;

/// <summary>
/// Whole-state simulations on fake time: calls select, attempt and complete against a simulated world in which a region
/// is up or down, and a simulated prober records a probe of every endpoint every 5 s (the default interval).
/// </summary>
public class FailoverSimulationTests(ITestOutputHelper output)
{
    private const int CallsPerTick = 10;
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    private sealed class World(DifyTopology topology, FakeTimeProvider time)
    {
        public bool PrimaryDown { get; set; }
        private TimeSpan _sinceProbe;

        public int Attempts { get; private set; }

        /// <summary>One tick: <see cref="CallsPerTick"/> calls (each retried on other endpoints up to 3 attempts), then
        /// time moves on; returns how many calls the primary served.</summary>
        public int Step()
        {
            var primaryServed = 0;
            for (var c = 0; c < CallsPerTick; c++)
            {
                var tried = new HashSet<DifyEndpointState>();
                for (var attempt = 0; attempt < 3; attempt++)
                {
                    var endpoint = topology.Selector.Select(new EndpointSelectionContext(tried, null));
                    if (endpoint is null) break;
                    tried.Add(endpoint);
                    Attempts++;
                    using var a = endpoint.BeginAttempt();
                    var down = PrimaryDown && endpoint.Region.Priority == 0;
                    a.Complete(down ? EndpointOutcome.Failure : EndpointOutcome.Success, TimeSpan.FromMilliseconds(down ? 1 : 40));
                    if (down) continue;
                    if (endpoint.Region.Priority == 0) primaryServed++;
                    break;
                }
            }

            time.Advance(Tick);
            _sinceProbe += Tick;
            if (_sinceProbe >= TimeSpan.FromSeconds(5))
            {
                _sinceProbe = TimeSpan.Zero;
                foreach (var endpoint in topology.Endpoints) endpoint.RecordProbe(!(PrimaryDown && endpoint.Region.Priority == 0));
            }

            return primaryServed;
        }
    }

    [Fact]
    public void Primary_dies_and_heals_traffic_fails_over_then_returns_to_90_percent_within_60_s()
    {
        var time = TestTopology.Time();
        var topology = TestTopology.Build(time, null, ("eu", 0, 2), ("us", 1, 2));
        var world = new World(topology, time);
        for (var i = 0; i < 50; i++) world.Step();

        world.PrimaryDown = true;
        var attemptsBefore = world.Attempts;
        var primaryShareWhileDown = new List<int>();
        for (var i = 0; i < 300; i++) primaryShareWhileDown.Add(world.Step()); // 30 s down
        var attemptsPerCallWhileDown = (double)(world.Attempts - attemptsBefore) / (300 * CallsPerTick);

        world.PrimaryDown = false;
        double? failbackSeconds = null;
        var window = new Queue<int>();
        for (var i = 1; i <= 900 && failbackSeconds is null; i++) // up to 90 s
        {
            window.Enqueue(world.Step());
            if (window.Count > 10) window.Dequeue();
            if (window.Count == 10 && window.Sum() >= 0.9 * 10 * CallsPerTick) failbackSeconds = i * Tick.TotalSeconds;
        }

        output.WriteLine($"attempts per call while the primary was down: {attemptsPerCallWhileDown:0.000}; fail-back to >=90% primary (1 s window): {failbackSeconds} s");
        Assert.Equal(0, primaryShareWhileDown.Skip(100).Sum()); // after the first 10 s nothing reaches the dead primary
        Assert.InRange(attemptsPerCallWhileDown, 1.0, 1.05);
        Assert.NotNull(failbackSeconds);
        Assert.InRange(failbackSeconds.Value, 20, 60); // ramped (not at once), yet within a minute
    }

    [Fact]
    public void A_half_open_trial_in_flight_does_not_make_the_region_spill()
    {
        var time = TestTopology.Time();
        var topology = TestTopology.Build(time, o => o.OutlierEjection.Enabled = false, ("eu", 0, 1), ("us", 1, 1));
        var eu = topology.Endpoints[0];
        eu.Fail(5);
        time.Advance(TimeSpan.FromSeconds(10));
        using var trial = eu.BeginAttempt();
        Assert.True(trial.IsTrial);

        Assert.Equal(1.0, eu.Region.HealthyCapacity);
        Assert.False(eu.IsAvailable);
        Assert.Equal("us", topology.Selector.Select(default)!.Region.Name); // nothing else to pick meanwhile
    }
}
