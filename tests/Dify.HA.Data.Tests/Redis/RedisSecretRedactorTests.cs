using Dify.HA.Data.Redis.Internals;

namespace Dify.HA.Data.Tests.Redis;

public sealed class RedisSecretRedactorTests
{
    [Theory]
    [InlineData("127.0.0.1:6379,password=s3cr3t-pw,ssl=false", "127.0.0.1:6379,password=***,ssl=false")]
    [InlineData("a:1,serviceName=m,sentinelPassword=abc123,password=zz", "a:1,serviceName=m,sentinelPassword=***,password=***")]
    [InlineData("PASSWORD = xyz", "PASSWORD = ***")]
    [InlineData("rediss://default:pa55word@cache:6380/0", "rediss://default:***@cache:6380/0")]
    public void Passwords_in_configuration_strings_and_urls_are_masked(string input, string expected) =>
        Assert.Equal(expected, RedisSecretRedactor.Redact(input));

    [Fact]
    public void Literal_secrets_are_masked_wherever_they_appear()
    {
        var redacted = RedisSecretRedactor.Redact("AUTH failed for 'topsecret' on 10.0.0.1", "topsecret", null);

        Assert.Equal("AUTH failed for '***' on 10.0.0.1", redacted);
    }

    [Fact]
    public void Text_without_secrets_is_unchanged() =>
        Assert.Equal("No connection is available to service this operation: SET k", RedisSecretRedactor.Redact("No connection is available to service this operation: SET k", "pw-unused"));
}
