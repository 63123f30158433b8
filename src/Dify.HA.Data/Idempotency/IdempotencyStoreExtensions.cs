using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Dify.HA.Data.Idempotency;

/// <summary>The begin / work / complete sequence over any <see cref="IIdempotencyStore"/>.</summary>
public static class IdempotencyStoreExtensions
{
    /// <summary>
    /// Runs <paramref name="work"/> once for <paramref name="key"/> and returns its result; a repeat call (here or in
    /// another process) returns the stored result without running it. When the work is in progress elsewhere, waits
    /// for its result up to <see cref="IdempotencyRunOptions.WaitTimeout"/>, taking over if that holder's lease expires.
    /// When the work throws, the lease is abandoned (a later call may run it again) and the exception propagates.
    /// </summary>
    /// <param name="store">The store.</param>
    /// <param name="key">The idempotency key.</param>
    /// <param name="work">The work; its result is stored and returned to later callers.</param>
    /// <param name="options">Lease, result lifetime, wait; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels waiting and is passed to the work.</param>
    /// <returns>The work's result, from this run or a previous one.</returns>
    /// <exception cref="IdempotencyInProgressException">The work was still in progress elsewhere after the wait.</exception>
    public static async ValueTask<ReadOnlyMemory<byte>> RunOnceAsync(
        this IIdempotencyStore store,
        string key,
        Func<CancellationToken, ValueTask<ReadOnlyMemory<byte>>> work,
        IdempotencyRunOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(work);
        options ??= IdempotencyRunOptions.Default;
        options.Validate();
        var time = options.TimeProvider;
        var started = time.GetTimestamp();
        while (true)
        {
            var begin = await store.TryBeginAsync(key, options.Lease, cancellationToken).ConfigureAwait(false);
            switch (begin.Status)
            {
                case IdempotencyStatus.Completed:
                    return begin.Result;
                case IdempotencyStatus.Started:
                    ReadOnlyMemory<byte> result;
                    try
                    {
                        result = await work(cancellationToken).ConfigureAwait(false);
                    }
                    catch
                    {
                        // Release at once so that a retry need not wait out the lease; never mask the work's exception.
                        await TryAbandonAsync(store, begin.Lease).ConfigureAwait(false);
                        throw;
                    }

                    // False means the lease expired and someone else took over: the work ran here anyway, so its
                    // result is still the right answer for this caller (see docs/redis.md, "lease shorter than the work").
                    await store.CompleteAsync(begin.Lease, result, options.ResultTtl, cancellationToken).ConfigureAwait(false);
                    return result;
                default:
                    if (time.GetElapsedTime(started) >= options.WaitTimeout)
                    {
                        throw new IdempotencyInProgressException(
                            $"The work of this idempotency key was still in progress elsewhere after {options.WaitTimeout}.") { Key = key };
                    }

                    await Task.Delay(options.PollInterval, time, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
    }

    /// <summary>
    /// As <see cref="RunOnceAsync(IIdempotencyStore, string, Func{CancellationToken, ValueTask{ReadOnlyMemory{byte}}}, IdempotencyRunOptions?, CancellationToken)"/>,
    /// storing the result as JSON with a source-generated <paramref name="jsonTypeInfo"/>.
    /// </summary>
    /// <typeparam name="T">The work's result.</typeparam>
    /// <param name="store">The store.</param>
    /// <param name="key">The idempotency key.</param>
    /// <param name="work">The work.</param>
    /// <param name="jsonTypeInfo">How to store <typeparamref name="T"/> (from a <c>JsonSerializerContext</c>).</param>
    /// <param name="options">Lease, result lifetime, wait; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels waiting and is passed to the work.</param>
    /// <returns>The work's result, from this run or a previous one.</returns>
    public static async ValueTask<T> RunOnceAsync<T>(
        this IIdempotencyStore store,
        string key,
        Func<CancellationToken, ValueTask<T>> work,
        JsonTypeInfo<T> jsonTypeInfo,
        IdempotencyRunOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(jsonTypeInfo);
        var bytes = await store.RunOnceAsync(
            key,
            async ct => (ReadOnlyMemory<byte>)JsonSerializer.SerializeToUtf8Bytes(await work(ct).ConfigureAwait(false), jsonTypeInfo),
            options,
            cancellationToken).ConfigureAwait(false);
        return JsonSerializer.Deserialize(bytes.Span, jsonTypeInfo)!;
    }

    private static async ValueTask TryAbandonAsync(IIdempotencyStore store, IdempotencyLease lease)
    {
        try
        {
            await store.AbandonAsync(lease, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The lease then simply expires; the work's own exception is the one to report.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
