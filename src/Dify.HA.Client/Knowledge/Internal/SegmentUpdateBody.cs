namespace Dify.HA.Client.Knowledge.Internal;

/// <summary>The body of <c>updateSegment</c>.</summary>
internal sealed record SegmentUpdateBody(SegmentUpdate Segment);
