using Dify.HA.Emulator;
using Dify.HA.Testing.Tests.Support;

namespace Dify.HA.Testing.Tests.CommandLine;

public sealed class EmulatorCommandLineTests
{
    [Fact]
    public void Urls_apps_and_settings_parse_into_options()
    {
        var (line, error) = EmulatorCommandLine.Parse(["--urls", "http://127.0.0.1:5009", "--app", "chatflow:app-flow-2", "--ping-interval", "2s", "--token-delay", "0ms", "--seed", "7", "--max-active", "3"]);

        Assert.Null(error);
        var options = line!.ToOptions();
        Assert.Equal(5009, options.Port);
        Assert.Equal(6, options.Apps.Count);
        Assert.Equal(DifyAppMode.AdvancedChat, options.Apps[^1].Mode);
        Assert.Equal(TimeSpan.FromSeconds(2), options.PingInterval);
        Assert.Equal(TimeSpan.Zero, options.TokenDelay);
        Assert.Equal(7, options.Seed);
        Assert.Equal(3, options.MaxActiveRequestsPerApp);
    }

    [Theory]
    [InlineData("--fault", "latency=fast", "duration")]
    [InlineData("--fault", "status=503", "CODE:RATIO")]
    [InlineData("--fault", "throttle=2", "ratio")]
    [InlineData("--fault", "meteor", "unknown fault")]
    [InlineData("--app", "robot:app-x", "unknown mode")]
    [InlineData("--urls", "http://10.0.0.1:5001", "loopback")]
    [InlineData("--bogus", "x", "Unknown argument")]
    public void Bad_arguments_are_rejected_with_a_message_that_names_the_fix(string option, string value, string expected)
    {
        var (line, error) = EmulatorCommandLine.Parse([option, value]);

        Assert.Null(line);
        Assert.Contains(expected, error);
    }

    [Fact]
    public async Task Fault_specs_switch_the_faults_of_a_running_emulator()
    {
        await using var emulator = await DifyEmulator.StartAsync(new DifyEmulatorOptions { TokenDelay = TimeSpan.Zero });
        using var client = Http.Client(emulator);

        EmulatorCommandLine.ParseFault("status=503:1")(emulator.Faults);
        using (var burst = await client.GetAsync("info"))
            Assert.Equal(503, (int)burst.StatusCode);

        emulator.Faults.Heal();
        EmulatorCommandLine.ParseFault("throttle=1")(emulator.Faults);
        using (var throttled = await client.GetAsync("info"))
            Assert.Equal(429, (int)throttled.StatusCode);

        emulator.Faults.Heal();
        EmulatorCommandLine.ParseFault("latency=1ms..2ms")(emulator.Faults);
        EmulatorCommandLine.ParseFault("slow=1ms")(emulator.Faults);
        EmulatorCommandLine.ParseFault("cut=100")(emulator.Faults);
        EmulatorCommandLine.ParseFault("reset=100000")(emulator.Faults);
        await Http.GetJsonAsync(client, "info");
        Assert.True(emulator.Faults.Any);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), EmulatorCommandLine.ParseDuration("1.5s"));
    }
}
