namespace Dify.HA.Client.Knowledge.Internal;

/// <summary>The body of <c>createSegments</c>.</summary>
internal sealed record SegmentsBody(IReadOnlyList<SegmentInput> Segments);
