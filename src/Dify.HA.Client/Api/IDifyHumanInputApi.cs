namespace Dify.HA.Client;

/// <summary>Human-input forms that pause workflow and chatflow runs.</summary>
public interface IDifyHumanInputApi
{
    /// <summary>Gets a form (<c>getChatflowHumanInputForm</c>).</summary>
    /// <param name="formToken">The form token from the <c>human_input_required</c> event or a paused run.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The form.</returns>
    Task<DifyHumanInputFormDefinition> GetFormAsync(string formToken, CancellationToken cancellationToken = default);

    /// <summary>Submits a form, resuming the run (<c>submitChatflowHumanInputForm</c>).</summary>
    /// <param name="formToken">The form token.</param>
    /// <param name="action">The chosen button's id (a <see cref="DifyHumanInputAction.Id"/>).</param>
    /// <param name="inputs">Values by output variable name. Default: none.</param>
    /// <param name="user">The user. Default: <see cref="DifyClientOptions.DefaultUser"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when Dify accepted the submission.</returns>
    Task SubmitAsync(string formToken, string action, IReadOnlyDictionary<string, object?>? inputs = null, string? user = null, CancellationToken cancellationToken = default);
}
