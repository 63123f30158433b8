using Dify.HA.Client.Routing;

namespace Dify.HA.Client.Api;

internal sealed class DifyHumanInputApi : IDifyHumanInputApi
{
    private const string TokenFix = "pass the form_token of the human_input_required event (or of the paused run's reasons).";

    private readonly DifyApiCore _core;

    public DifyHumanInputApi(DifyApiCore core) => _core = core;

    public Task<DifyHumanInputFormDefinition> GetFormAsync(string formToken, CancellationToken cancellationToken = default)
    {
        var token = DifyArgument.Token(formToken, nameof(formToken), TokenFix);
        var request = _core.Request("getChatflowHumanInputForm", HttpMethod.Get, $"form/human_input/{DifyPath.Segment(token)}", DifyOperationKind.Read);
        return _core.SendAsync(request, DifyApiJsonContext.Default.DifyHumanInputFormDefinition, cancellationToken);
    }

    public Task SubmitAsync(string formToken, string action, IReadOnlyDictionary<string, object?>? inputs = null, string? user = null, CancellationToken cancellationToken = default)
    {
        var token = DifyArgument.Token(formToken, nameof(formToken), TokenFix);
        DifyArgument.NotBlank(action, nameof(action), "pass the id of one of the form's user_actions, e.g. approve.");
        var body = new HumanInputSubmitBody(inputs ?? new Dictionary<string, object?>(), action, DifyArgument.User(user, _core.Options, nameof(user)));
        var request = _core.Request("submitChatflowHumanInputForm", HttpMethod.Post, $"form/human_input/{DifyPath.Segment(token)}", DifyOperationKind.Write) with
        {
            ContentFactory = DifyApiCore.Json(body, DifyApiJsonContext.Default.HumanInputSubmitBody, nameof(inputs)),
        };
        return _core.SendAsync(request, cancellationToken);
    }
}
