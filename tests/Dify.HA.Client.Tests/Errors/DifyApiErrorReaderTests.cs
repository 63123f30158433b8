using System.Net;
using System.Net.Http;
using System.Text;

namespace Dify.HA.Client.Tests.Errors;

public sealed class DifyApiErrorReaderTests
{
    private static readonly Uri Endpoint = new("https://eu.dify.example/v1");

    private static HttpResponseMessage Response(HttpStatusCode status, string body, string mediaType = "application/json")
        => new(status) { Content = new StringContent(body, Encoding.UTF8, mediaType), ReasonPhrase = null };

    [Theory]
    [InlineData("error_400.json", 400, "invalid_param", "user is required", DifyFailureClass.Permanent)]
    [InlineData("error_400_app_unavailable.json", 400, "app_unavailable", "App unavailable, please check your app configurations.", DifyFailureClass.Permanent)]
    [InlineData("error_400_conversation_completed.json", 400, "conversation_completed", "The conversation has ended. Please start a new conversation.", DifyFailureClass.Permanent)]
    [InlineData("error_404_conversation_not_exists.json", 404, "not_found", "Conversation Not Exists.", DifyFailureClass.Permanent)]
    [InlineData("error_429_rate_limit_error.json", 429, "rate_limit_error", "Rate Limit Error", DifyFailureClass.Permanent)]
    [InlineData("error_429_too_many_requests.json", 429, "too_many_requests", "Too many requests. Please try again later.", DifyFailureClass.Transient)]
    [InlineData("error_500_internal_server_error.json", 500, "internal_server_error", null, DifyFailureClass.Ambiguous)]
    public async Task Every_error_fixture_becomes_a_dify_api_exception_with_its_code_and_classification(
        string fixture, int status, string code, string? message, DifyFailureClass classification)
    {
        var body = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "contract", "fixtures", fixture));
        using var response = Response((HttpStatusCode)status, body);
        response.Headers.Add("X-Request-Id", "req-42");

        var ex = await DifyApiErrorReader.ReadAsync(response, DifyOperationKind.Generation, Endpoint, default);

        Assert.Equal(status, ex.StatusCode);
        Assert.Equal(code, ex.Code);
        if (message is not null) Assert.Equal(message, ex.Message);
        else Assert.StartsWith("The server encountered an internal error", ex.Message, StringComparison.Ordinal);
        Assert.Equal(classification, ex.Classification);
        Assert.Equal("req-42", ex.RequestId);
        Assert.Equal(Endpoint, ex.Endpoint);
        Assert.False(ex.IsMidStream);
    }

    [Fact]
    public async Task An_nginx_html_502_becomes_http_502_with_a_short_excerpt_and_is_ambiguous_for_a_generation()
    {
        const string html = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n";
        using var response = Response(HttpStatusCode.BadGateway, html, "text/html");
        response.ReasonPhrase = "Bad Gateway";

        var generation = await DifyApiErrorReader.ReadAsync(response, DifyOperationKind.Generation, Endpoint, default);

        Assert.Equal(502, generation.StatusCode);
        Assert.Equal("http_502", generation.Code);
        Assert.Contains("502 Bad Gateway", generation.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("<", generation.Message, StringComparison.Ordinal);
        Assert.Equal(DifyFailureClass.Ambiguous, generation.Classification);
        Assert.Null(generation.Params);
    }

    [Fact]
    public async Task A_non_json_body_is_truncated_and_stripped_of_secrets()
    {
        var body = "upstream said: Authorization: Bearer app-SECRETSECRETSECRET " + new string('z', 5000);
        using var response = Response(HttpStatusCode.ServiceUnavailable, body, "text/plain");

        var ex = await DifyApiErrorReader.ReadAsync(response, DifyOperationKind.Read, Endpoint, default);

        Assert.Equal("http_503", ex.Code);
        Assert.DoesNotContain("SECRETSECRET", ex.Message, StringComparison.Ordinal);
        Assert.True(ex.Message.Length < 400, ex.Message);
        Assert.Equal(DifyFailureClass.Transient, ex.Classification);
    }

    [Fact]
    public async Task An_empty_body_is_classified_on_the_status_alone()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.GatewayTimeout) { Content = new ByteArrayContent([]) };

        var ex = await DifyApiErrorReader.ReadAsync(response, DifyOperationKind.Generation, Endpoint, default);

        Assert.Equal("http_504", ex.Code);
        Assert.Contains("empty body", ex.Message, StringComparison.Ordinal);
        Assert.Equal(DifyFailureClass.Ambiguous, ex.Classification);
    }

    [Fact]
    public async Task Json_without_a_dify_code_is_not_mistaken_for_a_dify_error()
    {
        using var response = Response(HttpStatusCode.ServiceUnavailable, """{"message":"no healthy upstream"}""");

        var ex = await DifyApiErrorReader.ReadAsync(response, DifyOperationKind.Read, Endpoint, default);

        Assert.Equal("http_503", ex.Code);
        Assert.Contains("no healthy upstream", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Params_are_kept_as_text_and_the_request_uri_is_the_default_endpoint()
    {
        using var response = Response(HttpStatusCode.BadRequest, """{"code":"invalid_param","message":"query is required","status":400,"params":"query"}""");
        response.RequestMessage = new HttpRequestMessage(HttpMethod.Post, "https://us.dify.example/v1/chat-messages");

        var ex = await DifyApiErrorReader.ReadAsync(response, DifyOperationKind.Generation, endpoint: null, default);

        Assert.Equal("query", ex.Params);
        Assert.Equal(new Uri("https://us.dify.example/v1/chat-messages"), ex.Endpoint);
        Assert.Null(ex.RequestId);
    }

    [Fact]
    public async Task A_truncated_json_body_falls_back_to_the_status()
    {
        using var response = Response(HttpStatusCode.InternalServerError, """{"code":"internal_server_error","mess""");

        var ex = await DifyApiErrorReader.ReadAsync(response, DifyOperationKind.Generation, Endpoint, default);

        Assert.Equal("http_500", ex.Code);
        Assert.Equal(DifyFailureClass.Ambiguous, ex.Classification);
    }
}
