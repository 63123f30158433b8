namespace Dify.HA.Testing.Generation;

/// <summary>Where a run is: producing events, waiting on a human input form, or over.</summary>
internal enum RunState
{
    Running,
    Paused,
    Done,
}
