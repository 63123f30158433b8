using System.Globalization;
using System.IO.Compression;
using System.Reflection;
using System.Xml.Linq;

namespace Dify.HA.Packaging.Tests;

/// <summary>
/// Packs the repository's packages once (eng/pack.sh into a temporary folder feed, with a version suffix of its own
/// and its own build folder, so it collides neither with the test run's build nor with the machine's package cache)
/// and shares the feed with every test of the collection. Removes the temporary folder at the end.
/// </summary>
public sealed class PackedFeedFixture : IAsyncLifetime
{
    public static readonly string[] LibraryPackages = ["Dify.HA.Client", "Dify.HA.Data", "Dify.HA.Testing"];
    public const string ToolPackage = "Dify.HA.Emulator";
    public static IEnumerable<string> AllPackages => [.. LibraryPackages, ToolPackage];

    public string RepositoryRoot { get; } = FindRepositoryRoot();
    public string WorkFolder { get; } = Path.Combine(Path.GetTempPath(), "dify-ha-packaging-" + Guid.NewGuid().ToString("N")[..12]);
    public string Feed => Path.Combine(WorkFolder, "feed");
    public string VersionSuffix { get; } = "ptest." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
    public string Version => ReadVersionPrefix(RepositoryRoot) + "-" + VersionSuffix;
    public ChildProcess.Result Pack { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        Pack = await ChildProcess.RunAsync(RepositoryRoot, Path.Combine(WorkFolder, "pack.log"), TimeSpan.FromMinutes(8),
            new Dictionary<string, string?>
            {
                ["VERSION_SUFFIX"] = VersionSuffix,
                ["DIFYHA_ARTIFACTS"] = Path.Combine(WorkFolder, "build"),
            },
            "bash", Path.Combine(RepositoryRoot, "eng", "pack.sh"), Feed).ConfigureAwait(false);
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(WorkFolder, recursive: true);
        }
        catch (IOException)
        {
            // A server process may still hold a file for a moment; /tmp is cleaned anyway.
        }
        return Task.CompletedTask;
    }

    /// <summary>Fails the calling test with the pack log when packing failed.</summary>
    public void AssertPacked() =>
        Assert.True(Pack.ExitCode == 0, $"eng/pack.sh exited with {Pack.ExitCode} after {Pack.Elapsed}:\n{Summary(Pack.Output)}");

    /// <summary>The distinct error lines of a build log (at most 30), or its last 40 lines when it has none.</summary>
    public static string Summary(string log)
    {
        var lines = log.Split('\n');
        var errors = lines.Where(l => l.Contains(": error ", StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).Take(30).ToArray();
        return string.Join('\n', errors.Length > 0 ? errors : lines.TakeLast(40));
    }

    public string PackagePath(string id, string extension = "nupkg") => Path.Combine(Feed, $"{id}.{Version}.{extension}");

    public ZipArchive OpenPackage(string id, string extension = "nupkg")
    {
        AssertPacked();
        var path = PackagePath(id, extension);
        Assert.True(File.Exists(path), $"{path} is missing; the feed holds: {string.Join(", ", Directory.GetFiles(Feed).Select(Path.GetFileName))}");
        return ZipFile.OpenRead(path);
    }

    public XElement Nuspec(string id)
    {
        using var zip = OpenPackage(id);
        var entry = zip.GetEntry(id + ".nuspec");
        Assert.NotNull(entry);
        using var stream = entry.Open();
        return XDocument.Load(stream).Root!;
    }

    /// <summary>
    /// Writes Consumer/nuget.config.template into <paramref name="folder"/>: the packed feed, the machine's package
    /// folders that exist, and the machine's own sources (user-level NuGet.Config; nuget.org when there is none).
    /// </summary>
    /// <returns>The file written.</returns>
    public string WriteNuGetConfig(string folder)
    {
        var sources = new List<(string Key, string Value)> { ("dify-ha-packed", Feed) };
        var machineCache = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (string.IsNullOrEmpty(machineCache))
            machineCache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var (key, path) in new[] { ("machine-packages", machineCache), ("machine-offline", "/opt/nuget/packages") })
            if (Directory.Exists(path)) sources.Add((key, path));
        sources.AddRange(MachineSources().Where(m => sources.All(s => s.Key != m.Key)));

        static string Escape(string value) => System.Security.SecurityElement.Escape(value);
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Consumer", "nuget.config.template"))
            .Replace("{{SOURCES}}", string.Join('\n', sources.Select(s => $"    <add key=\"{Escape(s.Key)}\" value=\"{Escape(s.Value)}\" />")), StringComparison.Ordinal)
            .Replace("{{MAPPING}}", string.Join('\n', sources.Skip(1).Select(s => $"    <packageSource key=\"{Escape(s.Key)}\"><package pattern=\"*\" /></packageSource>")), StringComparison.Ordinal);
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "nuget.config");
        File.WriteAllText(file, text);
        return file;
    }

    private static List<(string Key, string Value)> MachineSources()
    {
        var user = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "NuGet", "NuGet.Config");
        var found = new List<(string Key, string Value)>();
        if (File.Exists(user))
        {
            var root = XDocument.Load(user).Root;
            var sources = root?.Element("packageSources");
            var disabled = root?.Element("disabledPackageSources")?.Elements("add")
                .Where(a => string.Equals(a.Attribute("value")?.Value, "true", StringComparison.OrdinalIgnoreCase))
                .Select(a => a.Attribute("key")?.Value).ToHashSet(StringComparer.Ordinal) ?? [];
            foreach (var add in sources?.Elements("add") ?? [])
            {
                var (key, value) = (add.Attribute("key")?.Value, add.Attribute("value")?.Value);
                if (key is not null && value is not null && !disabled.Contains(key)) found.Add((key, value));
            }
        }
        if (found.Count == 0) found.Add(("nuget.org", "https://api.nuget.org/v3/index.json"));
        return found;
    }

    private static string FindRepositoryRoot() =>
        typeof(PackedFeedFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "RepositoryRoot").Value!;

    private static string ReadVersionPrefix(string root) =>
        XDocument.Load(Path.Combine(root, "Directory.Build.props")).Descendants("VersionPrefix").Single().Value.Trim();
}
