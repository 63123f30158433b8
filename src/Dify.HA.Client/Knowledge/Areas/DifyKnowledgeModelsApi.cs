using Dify.HA.Client.Api;
using Dify.HA.Client.Knowledge.Internal;

namespace Dify.HA.Client.Knowledge;

internal sealed class DifyKnowledgeModelsApi : IDifyKnowledgeModelsApi
{
    private readonly DifyApiCore _core;

    public DifyKnowledgeModelsApi(DifyApiCore core) => _core = core;

    public async Task<IReadOnlyList<DifyModelProvider>> ListAsync(DifyModelType type, CancellationToken cancellationToken = default)
    {
        var t = type switch
        {
            DifyModelType.TextEmbedding => "text-embedding",
            DifyModelType.Rerank => "rerank",
            DifyModelType.Llm => "llm",
            DifyModelType.Tts => "tts",
            DifyModelType.Speech2Text => "speech2text",
            DifyModelType.Moderation => "moderation",
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "type must be one of DifyModelType's values (e.g. TextEmbedding)."),
        };
        var req = _core.Request("getAvailableModels", HttpMethod.Get, $"workspaces/current/models/model-types/{t}", DifyOperationKind.Read);
        var result = await _core.SendAsync(req, KnowledgeJsonContext.Default.DataEnvelopeListDifyModelProvider, cancellationToken).ConfigureAwait(false);
        return result.Data ?? [];
    }
}
