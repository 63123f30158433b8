using System.Text.Json;
using System.Text.Json.Serialization;
using Dify.HA.Client.Serialization;

namespace Dify.HA.Client.Knowledge.Internal;

/// <summary>
/// Source-generated JSON metadata of the Knowledge API, with the app API's settings (snake_case, nulls not written, unix
/// seconds as <see cref="DateTimeOffset"/>). Its own context so the Knowledge API can grow without touching the app API's.
/// The value types listed for <c>object</c> are those a caller may put in free-form inputs and metadata values.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    Converters = [typeof(UnixSecondsDateTimeOffsetConverter), typeof(NullableUnixSecondsDateTimeOffsetConverter)])]
// Requests.
[JsonSerializable(typeof(CreateDatasetRequest))]
[JsonSerializable(typeof(UpdateDatasetRequest))]
[JsonSerializable(typeof(CreateDocumentByTextRequest))]
[JsonSerializable(typeof(UpdateDocumentByTextRequest))]
[JsonSerializable(typeof(DocumentFileSettings))]
[JsonSerializable(typeof(RetrieveRequest))]
[JsonSerializable(typeof(DocumentIdsBody))]
[JsonSerializable(typeof(SegmentsBody))]
[JsonSerializable(typeof(SegmentUpdateBody))]
[JsonSerializable(typeof(ContentBody))]
[JsonSerializable(typeof(NameBody))]
[JsonSerializable(typeof(TagUpdateBody))]
[JsonSerializable(typeof(TagIdBody))]
[JsonSerializable(typeof(TagBindingBody))]
[JsonSerializable(typeof(MetadataCreateBody))]
[JsonSerializable(typeof(DocumentMetadataBody))]
[JsonSerializable(typeof(DatasourceNodeRunRequest))]
[JsonSerializable(typeof(PipelineRunBody))]
// Values a caller may place in free-form inputs and metadata values (serialized as object).
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(float))]
[JsonSerializable(typeof(decimal))]
[JsonSerializable(typeof(Guid))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(object[]))]
[JsonSerializable(typeof(List<object>))]
[JsonSerializable(typeof(Dictionary<string, object>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
// Responses.
[JsonSerializable(typeof(DifyDataset))]
[JsonSerializable(typeof(DifyNumberedPage<DifyDataset>))]
[JsonSerializable(typeof(DifyDocumentOperationResult))]
[JsonSerializable(typeof(DifyDocument))]
[JsonSerializable(typeof(DifyNumberedPage<DifyDocument>))]
[JsonSerializable(typeof(DifyDocumentDownload))]
[JsonSerializable(typeof(DataEnvelope<List<DifyDocumentIndexingStatus>>))]
[JsonSerializable(typeof(DataEnvelope<List<DifySegment>>))]
[JsonSerializable(typeof(DataEnvelope<DifySegment>))]
[JsonSerializable(typeof(DifyNumberedPage<DifySegment>))]
[JsonSerializable(typeof(DataEnvelope<DifyChildChunk>))]
[JsonSerializable(typeof(ChildChunkPage))]
[JsonSerializable(typeof(DifyRetrieveResult))]
[JsonSerializable(typeof(DifyKnowledgeTag))]
[JsonSerializable(typeof(List<DifyKnowledgeTag>))]
[JsonSerializable(typeof(DataEnvelope<List<DifyKnowledgeTag>>))]
[JsonSerializable(typeof(DifyMetadataField))]
[JsonSerializable(typeof(DifyMetadataFieldList))]
[JsonSerializable(typeof(BuiltInFieldsResult))]
[JsonSerializable(typeof(KnowledgeResult))]
[JsonSerializable(typeof(DataEnvelope<List<DifyModelProvider>>))]
[JsonSerializable(typeof(DifyUploadedFile))]
[JsonSerializable(typeof(List<DifyDatasourcePlugin>))]
internal sealed partial class KnowledgeJsonContext : JsonSerializerContext;
