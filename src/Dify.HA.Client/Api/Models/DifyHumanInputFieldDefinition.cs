using System.Text.Json;

namespace Dify.HA.Client;

/// <summary>One input of a human-input form.</summary>
public sealed record DifyHumanInputFieldDefinition
{
    /// <summary><c>paragraph</c>, <c>select</c>, <c>file</c> or <c>file-list</c>.</summary>
    public string? Type { get; init; }

    /// <summary>The key to submit the value under.</summary>
    public string? OutputVariableName { get; init; }

    /// <summary>The default of a <c>paragraph</c>.</summary>
    public DifyHumanInputDefault? Default { get; init; }

    /// <summary>Where a <c>select</c>'s options come from, as Dify sends it.</summary>
    public JsonElement? OptionSource { get; init; }

    /// <summary>File kinds a file input accepts.</summary>
    public IReadOnlyList<string>? AllowedFileTypes { get; init; }

    /// <summary>Extensions accepted for <c>custom</c> files.</summary>
    public IReadOnlyList<string>? AllowedFileExtensions { get; init; }

    /// <summary><c>local_file</c> and/or <c>remote_url</c>.</summary>
    public IReadOnlyList<string>? AllowedFileUploadMethods { get; init; }

    /// <summary>The maximum number of files of a <c>file-list</c>.</summary>
    public int? NumberLimits { get; init; }
}
