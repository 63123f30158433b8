using Dify.HA.Emulator;

namespace Dify.HA.Testing.Tests.Knowledge;

/// <summary>The tool's knowledge options: dataset keys, indexing step, knowledge rate limit fault.</summary>
public sealed class KnowledgeCommandLineTests
{
    [Fact]
    public void Dataset_keys_and_knowledge_settings_parse_into_options()
    {
        var (line, error) = EmulatorCommandLine.Parse(["--dataset-key", "dataset-ops", "--indexing-step", "20ms", "--knowledge-rpm", "10"]);

        Assert.Null(error);
        var options = line!.ToOptions();
        Assert.Equal(["dataset-test", "dataset-ops"], options.DatasetApiKeys);
        Assert.Equal(TimeSpan.FromMilliseconds(20), options.IndexingStepDuration);
        Assert.Equal(10, options.KnowledgeRequestsPerMinute);
        Assert.Contains("--dataset-key", EmulatorCommandLine.Usage, StringComparison.Ordinal);
        Assert.Contains("knowledge-rate-limit", EmulatorCommandLine.Usage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Knowledge_rate_limit_fault_spec_takes_a_count_or_a_duration()
    {
        await using var emulator = await DifyEmulator.StartAsync();
        EmulatorCommandLine.ParseFault("knowledge-rate-limit=3")(emulator.Faults);
        Assert.True(emulator.Faults.Any);
        await emulator.Faults.HealAsync();
        EmulatorCommandLine.ParseFault("knowledge-rate-limit=30s:all")(emulator.Faults);
        Assert.True(emulator.Faults.Any);
        Assert.Throws<FormatException>(() => EmulatorCommandLine.ParseFault("knowledge-rate-limit=soon"));
    }

    [Fact]
    public void A_dataset_key_already_served_is_rejected()
    {
        var (line, _) = EmulatorCommandLine.Parse(["--dataset-key", "dataset-test"]);
        var error = Assert.Throws<FormatException>(() => line!.ToOptions());
        Assert.Contains("--dataset-key", error.Message, StringComparison.Ordinal);
    }
}
