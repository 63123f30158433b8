using Dify.HA.WebApi.Hosting;
using Microsoft.Extensions.Options;

namespace Dify.HA.WebApi.Tests;

public sealed class OptionsTests
{
    [Theory]
    [InlineData("WebApi:DrainDelay", "00:01:00", "WebApi:DrainDelay (00:01:00) must be shorter than WebApi:ShutdownTimeout")]
    [InlineData("WebApi:MaxMessageLength", "0", "WebApi:MaxMessageLength must be between 1 and 100000")]
    [InlineData("WebApi:ChatUser", " ", "WebApi:ChatUser must be a non-blank Dify user id")]
    [InlineData("Emulator:TokenDelay", "soon", "Emulator:TokenDelay is 'soon'")]
    public async Task Bad_settings_fail_start_up_with_a_message_naming_the_key(string key, string value, string expected)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var web = await WebApiApp.CreateAsync(["--urls", "http://127.0.0.1:0"], [new(key, value), new("Logging:LogLevel:Default", "None")]);
            await web.StartAsync();
        });

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_are_valid_and_documented_values()
    {
        var defaults = new WebApiOptions();

        Assert.True(new WebApiOptionsValidator().Validate(null, defaults).Succeeded);
        Assert.Equal(TimeSpan.FromSeconds(5), defaults.DrainDelay);
        Assert.Equal(TimeSpan.FromSeconds(30), defaults.ShutdownTimeout);
        Assert.True(defaults.StopGenerationOnDisconnect);
    }
}
