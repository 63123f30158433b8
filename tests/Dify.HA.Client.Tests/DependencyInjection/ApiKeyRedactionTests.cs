using Dify.HA.Client;
using Dify.HA.Client.Routing;
using Dify.HA.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dify.HA.Client.Tests.DependencyInjection;

public sealed class ApiKeyRedactionTests
{
    private const string Secret = "app-SUPER-secret-KEY-0123456789";

    [Fact]
    public void Options_ToString_redacts_the_key()
    {
        var options = new DifyClientOptions { BaseUrl = new Uri("https://api.dify.ai/v1"), ApiKey = Secret };

        var text = options.ToString();

        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.Contains("ApiKey=***", text, StringComparison.Ordinal);
        Assert.Contains("https://api.dify.ai/v1", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Request_description_omits_the_key()
    {
        var request = new DifyRequest("getChatAppInfo", HttpMethod.Get, "info", DifyOperationKind.Read, Secret);

        Assert.DoesNotContain(Secret, request.ToString(), StringComparison.Ordinal);
        Assert.Contains("GET info", request.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejected_key_is_absent_from_the_exception()
    {
        await using var emu = await DifyEmulator.StartAsync();
        var services = new ServiceCollection();
        services.AddDifyClient(o => { o.BaseUrl = emu.BaseUrl; o.ApiKey = Secret; });
        await using var provider = services.BuildServiceProvider();

        var ex = await Assert.ThrowsAsync<DifyApiException>(() => provider.GetRequiredService<IDifyClient>().App.GetInfoAsync());

        Assert.Equal(401, ex.StatusCode);
        Assert.Equal("unauthorized", ex.Code);
        Assert.DoesNotContain(Secret, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_key_is_not_echoed_by_validation()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(
        [
            new("Dify:Clients:x:BaseUrl", "https://api.dify.ai/v1"),
            new("Dify:Clients:x:ApiKey", Secret + " \n"),
        ]).Build());
        services.AddDifyClient("x");
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IDifyClientFactory>().CreateClient("x"));

        Assert.Contains("Dify:Clients:x:ApiKey contains whitespace", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, ex.Message, StringComparison.Ordinal);
    }
}
