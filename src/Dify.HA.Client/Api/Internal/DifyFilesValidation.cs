namespace Dify.HA.Client.Api;

/// <summary>Checks of <see cref="DifyInputFile"/> lists and free-form inputs shared by chat, completion and workflow runs.</summary>
internal static class DifyFilesValidation
{
    public static void Check(IReadOnlyList<DifyInputFile>? files, string paramName)
    {
        if (files is null) return;
        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i] ?? throw new ArgumentException($"{paramName}[{i}] is null: remove it or pass a DifyInputFile.", paramName);
            switch (file.TransferMethod)
            {
                case DifyFileTransferMethod.LocalFile:
                    if (file.UploadFileId is null || !Guid.TryParse(file.UploadFileId, out _))
                        throw new ArgumentException($"{paramName}[{i}] is a local_file without a valid UploadFileId: upload it first with Files.UploadAsync and pass DifyInputFile.FromUpload(uploaded.Id, type).", paramName);
                    break;
                case DifyFileTransferMethod.RemoteUrl:
                    if (file.Url is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
                        throw new ArgumentException($"{paramName}[{i}] is a remote_url without an absolute http(s) Url: pass DifyInputFile.FromUrl(new Uri(\"https://…\"), type).", paramName);
                    break;
                default:
                    throw new ArgumentException($"{paramName}[{i}] has an unknown TransferMethod: use DifyInputFile.FromUpload or DifyInputFile.FromUrl.", paramName);
            }
        }
    }

    public static void CheckInputs(IReadOnlyDictionary<string, object?>? inputs, string paramName)
    {
        if (inputs is null)
            throw new ArgumentNullException(paramName, $"{paramName} must not be null: leave it at its default (empty) when the app has no input variables.");
        foreach (var key in inputs.Keys)
        {
            if (string.IsNullOrWhiteSpace(key))
                throw new ArgumentException($"{paramName} has a blank variable name: use the app's variable names (see App.GetParametersAsync).", paramName);
        }
    }
}
