namespace Dify.HA.Testing.Tests.Options;

public sealed class OptionsValidationTests
{
    [Fact]
    public async Task Invalid_options_fail_at_start_with_a_message_naming_the_option()
    {
        var zeroPing = await Assert.ThrowsAnyAsync<ArgumentException>(() => DifyEmulator.StartAsync(new DifyEmulatorOptions { PingInterval = TimeSpan.Zero }));
        Assert.Contains("DifyEmulatorOptions.PingInterval", zeroPing.Message);

        var negative = await Assert.ThrowsAnyAsync<ArgumentException>(() => DifyEmulator.StartAsync(new DifyEmulatorOptions { MaxActiveRequestsPerApp = -1 }));
        Assert.Contains("DifyEmulatorOptions.MaxActiveRequestsPerApp", negative.Message);

        var duplicate = new DifyEmulatorOptions();
        duplicate.Apps.Add(new EmulatorApp("app-chat", DifyAppMode.Workflow));
        var dup = await Assert.ThrowsAnyAsync<ArgumentException>(() => DifyEmulator.StartAsync(duplicate));
        Assert.Contains("same API key", dup.Message);
        Assert.DoesNotContain("app-chat", dup.Message);
    }

    [Fact]
    public async Task Default_instance_serves_the_five_default_apps_on_loopback()
    {
        await using var emulator = await DifyEmulator.StartAsync();

        Assert.Equal(["app-chat", "app-agent", "app-chatflow", "app-completion", "app-workflow"], emulator.Apps.Select(a => a.ApiKey));
        Assert.Equal("127.0.0.1", emulator.BaseUrl.Host);
        Assert.Equal("/v1", emulator.BaseUrl.AbsolutePath);
        Assert.Equal("/", emulator.RootUrl.AbsolutePath);
        Assert.Equal(emulator.Port, emulator.BaseUrl.Port);
        Assert.True(emulator.Port > 0);
    }

    [Theory]
    [InlineData("chatflow", DifyAppMode.AdvancedChat)]
    [InlineData("agent-chat", DifyAppMode.AgentChat)]
    [InlineData("Workflow", DifyAppMode.Workflow)]
    public void Mode_names_parse_as_the_command_line_writes_them(string text, DifyAppMode expected)
    {
        Assert.True(EmulatorApp.TryParseMode(text, out var mode));
        Assert.Equal(expected, mode);
        Assert.False(EmulatorApp.TryParseMode("bogus", out _));
    }
}
