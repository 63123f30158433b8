namespace Dify.HA.Client;

/// <summary>
/// Model usage reported by Dify in <c>message_end</c> metadata and blocking chat/completion responses.
/// Prices arrive as decimal strings on the wire (e.g. <c>"0.0010330"</c>) and are parsed to <see cref="decimal"/>
/// so that no precision is lost.
/// </summary>
public sealed record DifyUsage
{
    /// <summary>Tokens in the prompt.</summary>
    public long? PromptTokens { get; init; }

    /// <summary>Unit price per prompt token.</summary>
    public decimal? PromptUnitPrice { get; init; }

    /// <summary>Price unit for prompt tokens (e.g. <c>0.001</c> = price per 1,000 tokens).</summary>
    public decimal? PromptPriceUnit { get; init; }

    /// <summary>Total price of the prompt tokens.</summary>
    public decimal? PromptPrice { get; init; }

    /// <summary>Tokens in the completion.</summary>
    public long? CompletionTokens { get; init; }

    /// <summary>Unit price per completion token.</summary>
    public decimal? CompletionUnitPrice { get; init; }

    /// <summary>Price unit for completion tokens.</summary>
    public decimal? CompletionPriceUnit { get; init; }

    /// <summary>Total price of the completion tokens.</summary>
    public decimal? CompletionPrice { get; init; }

    /// <summary>Prompt plus completion tokens.</summary>
    public long? TotalTokens { get; init; }

    /// <summary>Total price of the call.</summary>
    public decimal? TotalPrice { get; init; }

    /// <summary>Currency of the prices, e.g. <c>USD</c>.</summary>
    public string? Currency { get; init; }

    /// <summary>Latency of the model call in seconds, as measured by Dify.</summary>
    public double? Latency { get; init; }
}
