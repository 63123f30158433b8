namespace Dify.HA.Data.Tasks.Internals;

/// <summary>A queue registered with <see cref="DifyTasksBuilder.AddQueue{TPayload}"/>: its name and payload type.</summary>
internal sealed record TaskQueueRegistration(string Name, Type PayloadType);
