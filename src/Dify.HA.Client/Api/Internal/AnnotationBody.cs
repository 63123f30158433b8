namespace Dify.HA.Client.Api;

/// <summary>The body of annotation create and update.</summary>
internal sealed record AnnotationBody(string Question, string Answer);
