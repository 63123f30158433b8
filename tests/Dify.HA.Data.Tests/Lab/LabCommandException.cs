namespace Dify.HA.Data.Tests.Lab;

/// <summary>An <c>eng/lab</c> helper failed or timed out; the message holds its exit code and output.</summary>
public sealed class LabCommandException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LabCommandException() { }

    /// <summary>Creates the exception with a message.</summary>
    public LabCommandException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public LabCommandException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception for a finished run.</summary>
    public LabCommandException(LabCommandResult result)
        : base($"eng/lab/{result?.Command} exited with {result?.ExitCode} after {result?.Elapsed.TotalMilliseconds:F0} ms:\n{result?.Output}")
    {
        Result = result;
    }

    /// <summary>The failed run, when it finished.</summary>
    public LabCommandResult? Result { get; }
}
