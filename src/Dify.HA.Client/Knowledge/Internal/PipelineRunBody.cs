namespace Dify.HA.Client.Knowledge.Internal;

/// <summary>The body of <c>runPipeline</c>: the caller's request plus the response mode of the method called.</summary>
internal sealed record PipelineRunBody(IReadOnlyDictionary<string, object?> Inputs, string DatasourceType, IReadOnlyList<IReadOnlyDictionary<string, object?>> DatasourceInfoList, string StartNodeId, bool IsPublished, string ResponseMode);
