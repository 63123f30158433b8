using System.Text.Json.Serialization;

namespace Dify.HA.Client;

/// <summary>The kind of a file attached to a message or passed as a workflow input.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DifyFileType>))]
public enum DifyFileType
{
    /// <summary><c>image</c>: JPG, PNG, GIF, WEBP, SVG.</summary>
    [JsonStringEnumMemberName("image")] Image,
    /// <summary><c>document</c>: TXT, MD, PDF, DOCX, XLSX, CSV, HTML, …</summary>
    [JsonStringEnumMemberName("document")] Document,
    /// <summary><c>audio</c>: MP3, M4A, WAV, WEBM, AMR.</summary>
    [JsonStringEnumMemberName("audio")] Audio,
    /// <summary><c>video</c>: MP4, MOV, MPEG, MPGA.</summary>
    [JsonStringEnumMemberName("video")] Video,
    /// <summary><c>custom</c>: any other extension the app allows.</summary>
    [JsonStringEnumMemberName("custom")] Custom,
}
