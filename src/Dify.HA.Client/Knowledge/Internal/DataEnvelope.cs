namespace Dify.HA.Client.Knowledge.Internal;

/// <summary>Dify's <c>{"data": …}</c> wrapper of single results and unpaged lists.</summary>
/// <typeparam name="T">The wrapped value.</typeparam>
internal sealed record DataEnvelope<T>
{
    public T? Data { get; init; }

    public int? Total { get; init; }
}
