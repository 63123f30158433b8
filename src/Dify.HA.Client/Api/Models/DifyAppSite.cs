namespace Dify.HA.Client;

/// <summary>The app's WebApp settings (<c>GET /site</c>).</summary>
public sealed record DifyAppSite
{
    /// <summary>The title.</summary>
    public string? Title { get; init; }

    /// <summary>The chat color theme.</summary>
    public string? ChatColorTheme { get; init; }

    /// <summary>Whether the theme is inverted.</summary>
    public bool? ChatColorThemeInverted { get; init; }

    /// <summary><c>emoji</c> or <c>image</c>.</summary>
    public string? IconType { get; init; }

    /// <summary>The icon (an emoji or an image id).</summary>
    public string? Icon { get; init; }

    /// <summary>The icon's background color.</summary>
    public string? IconBackground { get; init; }

    /// <summary>The icon's URL.</summary>
    public string? IconUrl { get; init; }

    /// <summary>The description.</summary>
    public string? Description { get; init; }

    /// <summary>The copyright text.</summary>
    public string? Copyright { get; init; }

    /// <summary>The privacy policy URL.</summary>
    public string? PrivacyPolicy { get; init; }

    /// <summary>The input box placeholder.</summary>
    public string? InputPlaceholder { get; init; }

    /// <summary>The custom disclaimer.</summary>
    public string? CustomDisclaimer { get; init; }

    /// <summary>The default language code.</summary>
    public string? DefaultLanguage { get; init; }

    /// <summary>Whether workflow steps are shown.</summary>
    public bool? ShowWorkflowSteps { get; init; }

    /// <summary>Whether the app icon is the answer icon.</summary>
    public bool? UseIconAsAnswerIcon { get; init; }
}
