using System.Text;
using Dify.HA.Client;

namespace Dify.HA.Client.Tests.Api;

public sealed class FilesAndAudioRoundTripTests(EmulatorFixture fx) : IClassFixture<EmulatorFixture>
{
    private sealed class RecordingProgress : IProgress<long>
    {
        public List<long> Reports { get; } = [];
        public void Report(long value) { lock (Reports) Reports.Add(value); }
    }

    [Fact]
    public async Task Upload_reports_progress_and_preview_returns_the_same_bytes()
    {
        var bytes = new byte[300_000];
        new Random(7).NextBytes(bytes);
        var progress = new RecordingProgress();
        var user = TestUsers.New();

        var uploaded = await fx.Chat.Files.UploadAsync(new MemoryStream(bytes), "photo.png", "image/png", user, progress);

        Assert.Equal("photo.png", uploaded.Name);
        Assert.Equal(bytes.Length, uploaded.Size);
        Assert.True(Guid.TryParse(uploaded.Id, out _));
        Assert.True(progress.Reports.Count >= 2, "a 300 KB upload goes in several chunks");
        Assert.Equal(bytes.Length, progress.Reports[^1]);
        Assert.Equal(progress.Reports.Order(), progress.Reports);

        await using var preview = await fx.Chat.Files.PreviewAsync(uploaded.Id!, asAttachment: true, user);
        Assert.Equal("image/png", preview.ContentType);
        Assert.Equal(bytes, await preview.ReadAllBytesAsync());
    }

    [Fact]
    public async Task Uploaded_file_can_be_attached_to_a_message()
    {
        var user = TestUsers.New();
        var uploaded = await fx.Chat.Files.UploadAsync(new MemoryStream(Encoding.UTF8.GetBytes("hello")), "notes.txt", "text/plain", user);

        var response = await fx.Chat.Chat.SendAsync(new ChatMessageRequest
        {
            Query = "Read the file",
            User = user,
            Files = [DifyInputFile.FromUpload(uploaded.Id!, DifyFileType.Document)],
        });

        Assert.False(string.IsNullOrEmpty(response.Answer));
    }

    [Fact]
    public async Task Uploader_is_an_end_user_that_can_be_read()
    {
        var user = TestUsers.New();
        var uploaded = await fx.Chat.Files.UploadAsync(new MemoryStream([1, 2, 3]), "a.bin", user: user);

        var endUser = await fx.Chat.EndUsers.GetAsync(uploaded.CreatedBy!);

        Assert.Equal(uploaded.CreatedBy, endUser.Id);
        Assert.Equal(user, endUser.SessionId);
    }

    [Fact]
    public async Task Audio_to_text_transcribes_an_upload()
    {
        var text = await fx.Chat.Audio.AudioToTextAsync(new MemoryStream(new byte[2048]), "question.mp3", user: TestUsers.New());

        Assert.False(string.IsNullOrWhiteSpace(text));
    }

    [Fact]
    public async Task Text_to_audio_yields_audio_bytes()
    {
        await using var audio = await fx.Chat.Audio.TextToAudioAsync(new TextToAudioRequest { Text = "Hello there", User = TestUsers.New() });

        var bytes = await audio.ReadAllBytesAsync();
        Assert.Equal("audio/mpeg", audio.ContentType);
        Assert.NotEmpty(bytes);
    }
}
