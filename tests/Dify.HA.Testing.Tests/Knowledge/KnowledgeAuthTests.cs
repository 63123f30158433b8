using System.Net.Http.Headers;
using Dify.HA.Testing.Tests.Support;
using static Dify.HA.Testing.Tests.Knowledge.KnowledgeHttp;

namespace Dify.HA.Testing.Tests.Knowledge;

/// <summary>Dataset keys open the knowledge routes only; app keys open the app routes only (401 otherwise, as Dify).</summary>
public sealed class KnowledgeAuthTests
{
    [Fact]
    public async Task App_key_on_a_knowledge_route_and_dataset_key_on_an_app_route_answer_401_invalid_token()
    {
        await using var emulator = await DifyEmulator.StartAsync();
        using var app = Http.Client(emulator, "app-chat");
        using var kb = Client(emulator);

        using (var response = await app.GetAsync("datasets"))
        {
            Assert.Equal(401, (int)response.StatusCode);
            Assert.Equal("Bearer realm=\"api\"", response.Headers.WwwAuthenticate.ToString());
            var body = await Http.JsonOf(response);
            Assert.Equal("unauthorized", body["code"]!.GetValue<string>());
            Assert.Equal("Access token is invalid", body["message"]!.GetValue<string>());
        }

        var onApp = await ExpectAsync(kb, HttpMethod.Get, "info", null, 401);
        Assert.Equal("Access token is invalid", onApp["message"]!.GetValue<string>());
        await ExpectAsync(kb, HttpMethod.Get, "datasets", null, 200);
    }

    [Fact]
    public async Task Missing_header_answers_401_and_added_dataset_keys_share_the_workspace()
    {
        var options = new DifyEmulatorOptions();
        options.DatasetApiKeys.Add("dataset-second");
        await using var emulator = await DifyEmulator.StartAsync(options);
        using var anonymous = Http.Client(emulator, key: null);
        var missing = await ExpectAsync(anonymous, HttpMethod.Get, "datasets", null, 401);
        Assert.Equal("Authorization header must be provided and start with 'Bearer'", missing["message"]!.GetValue<string>());

        using var first = Client(emulator);
        using var second = Client(emulator, "dataset-second");
        var id = await CreateDatasetAsync(first, "Shared");
        var seen = await ExpectAsync(second, HttpMethod.Get, $"datasets/{id}", null, 200);
        Assert.Equal("Shared", seen["name"]!.GetValue<string>());
        Assert.Equal(["dataset-test", "dataset-second"], emulator.DatasetApiKeys);
    }

    [Fact]
    public async Task Dataset_keys_are_validated_at_start_with_messages_naming_the_option()
    {
        var duplicate = new DifyEmulatorOptions();
        duplicate.DatasetApiKeys.Add("dataset-test");
        var dup = await Assert.ThrowsAnyAsync<ArgumentException>(() => DifyEmulator.StartAsync(duplicate));
        Assert.Contains("DatasetApiKeys", dup.Message);

        var clash = new DifyEmulatorOptions();
        clash.DatasetApiKeys.Add("app-chat");
        var clashError = await Assert.ThrowsAnyAsync<ArgumentException>(() => DifyEmulator.StartAsync(clash));
        Assert.Contains("app key", clashError.Message);

        var step = await Assert.ThrowsAnyAsync<ArgumentException>(() => DifyEmulator.StartAsync(new DifyEmulatorOptions { IndexingStepDuration = TimeSpan.FromMinutes(11) }));
        Assert.Contains("IndexingStepDuration", step.Message);
        var rpm = await Assert.ThrowsAnyAsync<ArgumentException>(() => DifyEmulator.StartAsync(new DifyEmulatorOptions { KnowledgeRequestsPerMinute = -1 }));
        Assert.Contains("KnowledgeRequestsPerMinute", rpm.Message);
    }

    [Fact]
    public async Task An_emulator_without_dataset_keys_refuses_every_knowledge_key()
    {
        var options = new DifyEmulatorOptions();
        options.DatasetApiKeys.Clear();
        await using var emulator = await DifyEmulator.StartAsync(options);
        using var kb = Client(emulator);
        kb.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "dataset-test");
        await ExpectAsync(kb, HttpMethod.Get, "datasets", null, 401);
    }
}
