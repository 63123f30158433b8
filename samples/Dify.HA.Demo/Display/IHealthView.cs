namespace Dify.HA.Demo.Display;

/// <summary>The region part of the live view: read on each refresh.</summary>
internal interface IHealthView
{
    /// <summary>A heading for the region table (whose view of health it is).</summary>
    string Title { get; }

    /// <summary>Retries that went to another region, since the run began (null: the client has no such thing).</summary>
    long? Failovers { get; }

    IReadOnlyList<RegionView> Read();
}
