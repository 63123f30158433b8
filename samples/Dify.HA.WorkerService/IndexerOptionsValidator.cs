using Microsoft.Extensions.Options;

namespace Dify.HA.WorkerService;

/// <summary>Turns <see cref="IndexerOptions.Validate"/>'s message into an <see cref="OptionsValidationException"/> at
/// start-up (<c>ValidateOnStart</c>), so the program can print it and exit with code 2.</summary>
public sealed class IndexerOptionsValidator : IValidateOptions<IndexerOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, IndexerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException e)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }
    }
}
