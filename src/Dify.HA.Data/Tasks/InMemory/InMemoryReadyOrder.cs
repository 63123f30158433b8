namespace Dify.HA.Data.Tasks.InMemory;

/// <summary>Ready-heap order: higher priority first, then lower sequence (first in, first out).</summary>
internal sealed class InMemoryReadyOrder : IComparer<(int Priority, long Sequence)>
{
    public static readonly InMemoryReadyOrder Instance = new();

    public int Compare((int Priority, long Sequence) x, (int Priority, long Sequence) y)
    {
        var byPriority = y.Priority.CompareTo(x.Priority);
        return byPriority != 0 ? byPriority : x.Sequence.CompareTo(y.Sequence);
    }
}
