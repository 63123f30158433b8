namespace Dify.HA.Client.Tests.Knowledge;

/// <summary>Dify's knowledge rate limit (403 forbidden, message from services/wraps.py) is transient with a 60 s hint; every
/// other 403 stays permanent.</summary>
public sealed class KnowledgeRateLimitClassificationTests
{
    private const string LimitMessage = "Sorry, you have reached the knowledge base request rate limit of your subscription.";

    [Theory]
    [InlineData(DifyOperationKind.Read)]
    [InlineData(DifyOperationKind.Write)]
    public void The_knowledge_rate_limit_is_transient_whatever_the_operation(DifyOperationKind kind)
    {
        Assert.Equal(DifyFailureClass.Transient, DifyFailureClassifier.Classify(403, "forbidden", LimitMessage, kind));
        Assert.True(DifyFailureClassifier.IsKnowledgeRateLimit(403, "forbidden", LimitMessage));
        Assert.True(DifyFailureClassifier.IsKnowledgeRateLimit(null, "forbidden", LimitMessage));
    }

    [Theory]
    [InlineData(403, "forbidden", "Dataset api access is not enabled.")]
    [InlineData(403, "forbidden", null)]
    [InlineData(400, "invalid_param", LimitMessage)]
    public void Other_answers_are_not_the_knowledge_rate_limit(int status, string code, string? message)
    {
        Assert.False(DifyFailureClassifier.IsKnowledgeRateLimit(status, code, message));
        Assert.Equal(DifyFailureClass.Permanent, DifyFailureClassifier.Classify(status, code, message, DifyOperationKind.Read));
    }

    [Fact]
    public void The_retry_hint_is_the_60_second_window_for_the_limit_and_none_otherwise()
    {
        var limit = new DifyApiException(LimitMessage, 403, "forbidden", DifyFailureClass.Transient);
        var other = new DifyApiException("Dataset api access is not enabled.", 403, "forbidden", DifyFailureClass.Permanent);

        Assert.Equal(TimeSpan.FromSeconds(60), DifyFailureClassifier.RetryDelayHint(limit));
        Assert.Null(DifyFailureClassifier.RetryDelayHint(other));
        Assert.Null(DifyFailureClassifier.RetryDelayHint(new TimeoutException()));
    }
}
