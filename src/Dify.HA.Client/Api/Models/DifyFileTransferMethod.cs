using System.Text.Json.Serialization;

namespace Dify.HA.Client;

/// <summary>How Dify gets a file: from a URL, or from an earlier upload.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DifyFileTransferMethod>))]
public enum DifyFileTransferMethod
{
    /// <summary><c>remote_url</c>: Dify downloads the file from <see cref="DifyInputFile.Url"/>.</summary>
    [JsonStringEnumMemberName("remote_url")] RemoteUrl,
    /// <summary><c>local_file</c>: a file uploaded with <c>Files.UploadAsync</c>, named by <see cref="DifyInputFile.UploadFileId"/>.</summary>
    [JsonStringEnumMemberName("local_file")] LocalFile,
}
