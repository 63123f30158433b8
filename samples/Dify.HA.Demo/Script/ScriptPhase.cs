namespace Dify.HA.Demo.Script;

/// <summary>One phase of a script: a name, what it does, its share of the script's duration, and the fault it switches on.</summary>
internal sealed record ScriptPhase(string Name, string Description, double Share, Func<Task> EnterAsync);
