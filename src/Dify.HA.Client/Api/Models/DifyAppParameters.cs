using System.Text.Json;

namespace Dify.HA.Client;

/// <summary>The app's features and input form (<c>GET /parameters</c>).</summary>
public sealed record DifyAppParameters
{
    /// <summary>The opening statement.</summary>
    public string? OpeningStatement { get; init; }

    /// <summary>Suggested first questions.</summary>
    public IReadOnlyList<string>? SuggestedQuestions { get; init; }

    /// <summary>Whether next questions are suggested after each answer.</summary>
    public DifyFeatureToggle? SuggestedQuestionsAfterAnswer { get; init; }

    /// <summary>Whether speech-to-text is on.</summary>
    public DifyFeatureToggle? SpeechToText { get; init; }

    /// <summary>Text-to-speech settings.</summary>
    public DifyTextToSpeechSettings? TextToSpeech { get; init; }

    /// <summary>Whether answers cite knowledge.</summary>
    public DifyFeatureToggle? RetrieverResource { get; init; }

    /// <summary>Whether annotation replies are on.</summary>
    public DifyFeatureToggle? AnnotationReply { get; init; }

    /// <summary>Whether "more like this" is on.</summary>
    public DifyFeatureToggle? MoreLikeThis { get; init; }

    /// <summary>Whether content moderation is on.</summary>
    public DifyFeatureToggle? SensitiveWordAvoidance { get; init; }

    /// <summary>The input form: each entry maps a control type (<c>text-input</c>, <c>paragraph</c>, <c>select</c>,
    /// <c>number</c>, <c>file</c>, …) to its settings.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, DifyUserInputControl>>? UserInputForm { get; init; }

    /// <summary>The file upload settings, as Dify sends them (their shape varies between versions).</summary>
    public JsonElement? FileUpload { get; init; }

    /// <summary>The deployment's file limits.</summary>
    public DifySystemParameters? SystemParameters { get; init; }
}
