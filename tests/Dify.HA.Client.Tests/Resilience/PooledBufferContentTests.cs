using System.Net.Http.Headers;
using System.Text;
using Dify.HA.Client.Resilience.Internal;

namespace Dify.HA.Client.Tests.Resilience;

public sealed class PooledBufferContentTests
{
    private static StringContent Json(string body, string mediaType = "application/json") => new(body, Encoding.UTF8, mediaType);

    [Fact]
    public async Task Json_body_longer_than_the_first_buffer_is_read_whole_and_deserializes()
    {
        var answer = new string('x', 10_000);
        using var source = Json($$"""{"answer":"{{answer}}"}""");

        using var content = await PooledBufferContent.TryReadAsync(source, CancellationToken.None);

        Assert.NotNull(content);
        Assert.Equal(10_000 + 13, content.Body.Length);
        Assert.Equal(10_013, content.Headers.ContentLength);
        using var doc = await System.Text.Json.JsonDocument.ParseAsync(await content.ReadAsStreamAsync());
        Assert.Equal(answer, doc.RootElement.GetProperty("answer").GetString());
    }

    [Fact]
    public async Task Non_json_body_is_left_alone()
    {
        using var source = new ByteArrayContent([1, 2, 3]);
        source.Headers.ContentType = new MediaTypeHeaderValue("audio/mpeg");

        var content = await PooledBufferContent.TryReadAsync(source, CancellationToken.None);

        Assert.Null(content);
        Assert.Equal(new byte[] { 1, 2, 3 }, await source.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Reading_after_the_content_is_disposed_fails_instead_of_reading_a_returned_buffer()
    {
        using var source = Json("""{"a":1}""");
        var content = await PooledBufferContent.TryReadAsync(source, CancellationToken.None);
        var stream = await content!.ReadAsStreamAsync();

        content.Dispose();

        Assert.Throws<ObjectDisposedException>(() => stream.ReadByte());
    }

    [Fact]
    public async Task A_charset_other_than_utf8_is_carried_over()
    {
        using var source = new ByteArrayContent(Encoding.Latin1.GetBytes("""{"a":"é"}"""));
        source.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "iso-8859-1" };
        using var utf8Source = Json("""{"a":1}""");

        using var content = await PooledBufferContent.TryReadAsync(source, CancellationToken.None);
        using var utf8 = await PooledBufferContent.TryReadAsync(utf8Source, CancellationToken.None);

        Assert.Equal("iso-8859-1", content!.Headers.ContentType?.CharSet);
        Assert.Null(utf8!.Headers.ContentType);
    }
}
