namespace Dify.HA.Client;

/// <summary>Whether an annotation-reply job enables or disables annotation replies.</summary>
public enum DifyAnnotationReplyAction
{
    /// <summary><c>enable</c>.</summary>
    Enable,
    /// <summary><c>disable</c>.</summary>
    Disable,
}
