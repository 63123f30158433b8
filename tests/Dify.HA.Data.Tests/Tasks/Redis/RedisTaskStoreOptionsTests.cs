using Dify.HA.Data.Tasks.Redis;
using Dify.HA.Data.Tasks.Redis.Internals;
using Microsoft.Extensions.Options;

namespace Dify.HA.Data.Tests.Tasks.Redis;

[Trait("Category", "Tasks")]
public sealed class RedisTaskStoreOptionsTests
{
    [Fact]
    public void Defaults_are_valid()
    {
        new RedisTaskStoreOptions().Validate(RedisTaskStoreOptions.SectionName);
    }

    [Theory]
    [InlineData("KeyPrefix", "Dify:Tasks:Redis:KeyPrefix")]
    [InlineData("ConsumerGroup", "Dify:Tasks:Redis:ConsumerGroup")]
    [InlineData("WaitForReplicas", "Dify:Tasks:Redis:WaitForReplicas")]
    [InlineData("WaitTimeout", "Dify:Tasks:Redis:WaitTimeout")]
    [InlineData("IdempotencyKeyRetention", "Dify:Tasks:Redis:IdempotencyKeyRetention")]
    public void A_bad_value_fails_with_a_message_naming_the_key(string property, string key)
    {
        var options = new RedisTaskStoreOptions();
        switch (property)
        {
            case "KeyPrefix": options.KeyPrefix = "app:{x}:"; break;
            case "ConsumerGroup": options.ConsumerGroup = ""; break;
            case "WaitForReplicas": options.WaitForReplicas = 17; break;
            case "WaitTimeout": options.WaitTimeout = TimeSpan.Zero; break;
            default: options.IdempotencyKeyRetention = TimeSpan.FromDays(31); break;
        }

        var ex = Assert.Throws<OptionsValidationException>(() => options.Validate(RedisTaskStoreOptions.SectionName));
        var message = Assert.Single(ex.Failures);
        Assert.StartsWith(key + " ", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_key_of_a_queue_carries_the_queue_as_its_hash_tag()
    {
        var keys = new RedisTaskKeys("dify:tasks:", "dataset");
        string[] all = [keys.Levels!, keys.Delayed!, keys.Dead!, keys.Task("t1")!, keys.Stream(-3)!, keys.Leases(7)!, keys.Idempotency("order-{42}")!];
        Assert.All(all, k => Assert.StartsWith("dify:tasks:{dataset}:", k, StringComparison.Ordinal));
        Assert.Equal("dify:tasks:{dataset}:s:-3", keys.Stream(-3).ToString());
    }

    [Fact]
    public void A_queue_name_with_braces_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new RedisTaskKeys("dify:tasks:", "a}b"));
    }
}
