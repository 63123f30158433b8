using Dify.HA.Client.Api;
using Microsoft.Extensions.Options;

namespace Dify.HA.Client.Knowledge.Internal;

/// <summary>
/// The start-up validator of a client name now that a name may hold an app key or a Knowledge API key: every rule of
/// <see cref="DifyClientOptionsValidator"/> except "not a dataset- key", which moves to the moment the client is created
/// (<c>CreateClient</c> refuses a dataset key, <c>CreateKnowledgeClient</c> an app key), because only then is it known
/// which API the name is used for.
/// </summary>
internal sealed class KeyKindOptionsValidator : IValidateOptions<DifyClientOptions>
{
    private readonly string _name;
    private readonly string _keyPrefix;

    public KeyKindOptionsValidator(string name, string keyPrefix)
    {
        _name = name;
        _keyPrefix = keyPrefix;
    }

    public ValidateOptionsResult Validate(string? name, DifyClientOptions options)
    {
        if (!string.Equals(name ?? Options.DefaultName, _name, StringComparison.Ordinal)) return ValidateOptionsResult.Skip;
        ArgumentNullException.ThrowIfNull(options);
        var failures = DifyClientOptionsValidator.Collect(options, _keyPrefix);
        if (KeyKind.IsDatasetKey(options.ApiKey))
            failures.RemoveAll(f => f.StartsWith(KeyKind.DatasetKeyFailurePrefix(_keyPrefix), StringComparison.Ordinal));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
