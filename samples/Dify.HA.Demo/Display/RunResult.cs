namespace Dify.HA.Demo.Display;

/// <summary>One client's row of the summary.</summary>
internal sealed record RunResult(
    string Client,
    int Requests,
    int Succeeded,
    double? SuccessWhilePrimaryDown,
    double? P50Ms,
    double? P99Ms,
    long? Failovers,
    long? DuplicateGenerations,
    TimeSpan Elapsed)
{
    public double Success => Requests == 0 ? 0 : (double)Succeeded / Requests;
}
