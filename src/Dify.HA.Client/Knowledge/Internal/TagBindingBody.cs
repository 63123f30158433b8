namespace Dify.HA.Client.Knowledge.Internal;

/// <summary>The body of the tag binding and unbinding calls.</summary>
internal sealed record TagBindingBody(IReadOnlyList<string> TagIds, string TargetId);
