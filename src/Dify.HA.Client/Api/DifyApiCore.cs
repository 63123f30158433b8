using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Dify.HA.Client.Routing;
using Dify.HA.Client.Telemetry;

namespace Dify.HA.Client.Api;

/// <summary>
/// What every API area shares: building <see cref="DifyRequest"/>s, sending them through the transport, parsing the
/// answer and recording one Activity per call. Areas only shape requests and validate arguments.
/// </summary>
internal sealed class DifyApiCore
{
    private readonly IDifyTransport _transport;

    public DifyApiCore(string clientName, DifyClientOptions options, IDifyTransport transport, TimeProvider timeProvider)
    {
        ClientName = clientName;
        Options = options;
        _transport = transport;
        TimeProvider = timeProvider;
    }

    public string ClientName { get; }

    public DifyClientOptions Options { get; }

    public TimeProvider TimeProvider { get; }

    public DifyRequest Request(string operation, HttpMethod method, string pathAndQuery, DifyOperationKind kind)
        => new(operation, method, pathAndQuery, kind, Options.ApiKey ?? string.Empty);

    /// <summary>Serializes the body once, now (so a bad value fails before anything is sent), and returns a factory of
    /// fresh contents over the same bytes (so the request can be re-sent).</summary>
    public static Func<HttpContent> Json<T>(T body, JsonTypeInfo<T> typeInfo, string paramName)
    {
        byte[] bytes;
        try
        {
            bytes = JsonSerializer.SerializeToUtf8Bytes(body, typeInfo);
        }
        catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException)
        {
            throw new ArgumentException(
                "A value in the request cannot be serialized: free-form values (inputs, variable values) must be string, bool, " +
                "a number, Guid, DifyInputFile, JsonElement, or arrays, lists and string-keyed dictionaries of these. " +
                "Convert other types first, e.g. with JsonSerializer.SerializeToElement(value).", paramName, ex);
        }
        return () =>
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            return content;
        };
    }

    public async Task<T> SendAsync<T>(DifyRequest request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        using var activity = StartActivity(request);
        try
        {
            using var response = await _transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
            activity?.SetTag(DifyClientTelemetry.HttpStatusCodeTag, (int)response.StatusCode);
            T? result;
            try
            {
                result = await response.Content.ReadFromJsonAsync(typeInfo, cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException ex)
            {
                throw new JsonException(
                    $"Dify answered {request.Operation} ({request.Method} /{request.PathAndQuery.Split('?')[0]}) with a body that is not the expected JSON: {ex.Message}",
                    ex.Path, ex.LineNumber, ex.BytePositionInLine, ex);
            }
            if (result is null)
                throw new JsonException($"Dify answered {request.Operation} with an empty (null) JSON body.");
            Complete(activity, DifyClientTelemetry.OutcomeSuccess);
            return result;
        }
        catch (Exception ex)
        {
            Fail(activity, ex, cancellationToken);
            throw;
        }
    }

    public async Task SendAsync(DifyRequest request, CancellationToken cancellationToken)
    {
        using var activity = StartActivity(request);
        try
        {
            using var response = await _transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
            activity?.SetTag(DifyClientTelemetry.HttpStatusCodeTag, (int)response.StatusCode);
            Complete(activity, DifyClientTelemetry.OutcomeSuccess);
        }
        catch (Exception ex)
        {
            Fail(activity, ex, cancellationToken);
            throw;
        }
    }

    public async Task<DifyBinaryContent> SendForContentAsync(DifyRequest request, CancellationToken cancellationToken)
    {
        using var activity = StartActivity(request);
        HttpResponseMessage? response = null;
        try
        {
            response = await _transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
            activity?.SetTag(DifyClientTelemetry.HttpStatusCodeTag, (int)response.StatusCode);
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            Complete(activity, DifyClientTelemetry.OutcomeSuccess);
            return new DifyBinaryContent(response, stream);
        }
        catch (Exception ex)
        {
            response?.Dispose();
            Fail(activity, ex, cancellationToken);
            throw;
        }
    }

    /// <summary>Streams the events of a call. The Activity spans the whole enumeration; stopping early counts as cancelled.</summary>
    public async IAsyncEnumerable<DifyStreamEvent> StreamAsync(DifyRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var activity = StartActivity(request);
        var outcome = DifyClientTelemetry.OutcomeCancelled;
        var events = 0;
        try
        {
            var readOptions = new DifyStreamReadOptions
            {
                IdleTimeout = Options.StreamIdleTimeout,
                TimeProvider = TimeProvider,
                Kind = request.Kind,
            };
            var source = _transport is IDifyEventStreamTransport streamer
                ? streamer.StreamEventsAsync(request, readOptions, cancellationToken)
                : ReadResponseEventsAsync(request, readOptions, activity, cancellationToken);
            var enumerator = source.GetAsyncEnumerator(cancellationToken);
            await using (enumerator.ConfigureAwait(false))
            {
                while (true)
                {
                    DifyStreamEvent current;
                    try
                    {
                        if (!await enumerator.MoveNextAsync().ConfigureAwait(false)) break;
                        current = enumerator.Current;
                    }
                    catch (Exception ex)
                    {
                        outcome = Fail(activity, ex, cancellationToken);
                        throw;
                    }
                    events++;
                    yield return current;
                }
            }
            outcome = DifyClientTelemetry.OutcomeSuccess;
        }
        finally
        {
            activity?.SetTag(DifyClientTelemetry.StreamEventCountTag, events);
            if (outcome != DifyClientTelemetry.OutcomeError) Complete(activity, outcome);
        }
    }

    /// <summary>The default stream path: one request through the transport, its body read by the SSE reader.</summary>
    private async IAsyncEnumerable<DifyStreamEvent> ReadResponseEventsAsync(
        DifyRequest request, DifyStreamReadOptions readOptions, Activity? activity, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var response = await _transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        activity?.SetTag(DifyClientTelemetry.HttpStatusCodeTag, (int)response.StatusCode);
        readOptions.Endpoint = response.RequestMessage?.RequestUri;
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            await foreach (var e in DifySseReader.ReadEventsAsync(stream, readOptions, cancellationToken).ConfigureAwait(false))
                yield return e;
        }
    }

    private Activity? StartActivity(DifyRequest request)
    {
        var activity = DifyClientActivity.Source.StartActivity(DifyClientTelemetry.OperationActivityPrefix + request.Operation, ActivityKind.Internal);
        if (activity is null) return null;
        activity.SetTag(DifyClientTelemetry.OperationTag, request.Operation);
        activity.SetTag(DifyClientTelemetry.ClientNameTag, ClientName);
        activity.SetTag(DifyClientTelemetry.OperationKindTag, request.Kind.ToString());
        activity.SetTag(DifyClientTelemetry.HttpMethodTag, request.Method.Method);
        activity.SetTag(DifyClientTelemetry.StreamingTag, request.Streaming);
        return activity;
    }

    private static void Complete(Activity? activity, string outcome)
    {
        if (activity is null) return;
        activity.SetTag(DifyClientTelemetry.OutcomeTag, outcome);
        if (outcome == DifyClientTelemetry.OutcomeSuccess) activity.SetStatus(ActivityStatusCode.Ok);
    }

    private static string Fail(Activity? activity, Exception exception, CancellationToken cancellationToken)
    {
        var cancelled = exception is OperationCanceledException && cancellationToken.IsCancellationRequested;
        var outcome = cancelled ? DifyClientTelemetry.OutcomeCancelled : DifyClientTelemetry.OutcomeError;
        if (activity is null) return outcome;
        activity.SetTag(DifyClientTelemetry.OutcomeTag, outcome);
        if (cancelled) return outcome;
        activity.SetTag(DifyClientTelemetry.ErrorTypeTag, exception.GetType().FullName);
        if (exception is DifyApiException api)
        {
            activity.SetTag(DifyClientTelemetry.ErrorCodeTag, api.Code);
            activity.SetTag(DifyClientTelemetry.HttpStatusCodeTag, api.StatusCode);
        }
        // The message is Dify's or the runtime's, never the key: requests carry it only in a header.
        activity.SetStatus(ActivityStatusCode.Error, exception.Message);
        return outcome;
    }
}
