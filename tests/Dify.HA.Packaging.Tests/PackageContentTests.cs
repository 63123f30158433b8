using System.IO.Compression;
using System.Xml.Linq;

namespace Dify.HA.Packaging.Tests;

/// <summary>What each package packed by eng/pack.sh holds: assemblies, docs, readme, metadata, symbols, tool settings.</summary>
[Trait("Category", "Packaging")]
[Collection(PackagingGroup.Name)]
public sealed class PackageContentTests(PackedFeedFixture feed)
{
    public static TheoryData<string> Libraries => new(PackedFeedFixture.LibraryPackages);
    public static TheoryData<string> Packages => new(PackedFeedFixture.AllPackages);

    private static string[] Entries(ZipArchive zip) => [.. zip.Entries.Select(e => e.FullName)];

    private static string Text(ZipArchive zip, string name)
    {
        var entry = zip.GetEntry(name);
        Assert.True(entry is not null, $"{name} is not in the package: {string.Join(", ", Entries(zip))}");
        using var reader = new StreamReader(entry.Open());
        return reader.ReadToEnd();
    }

    private static XNamespace Ns(XElement nuspec) => nuspec.Name.Namespace;

    [Fact]
    public void Pack_script_makes_the_four_packages_and_their_symbol_packages_with_the_callers_version_suffix()
    {
        feed.AssertPacked();
        var files = Directory.GetFiles(feed.Feed).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        var expected = PackedFeedFixture.AllPackages
            .SelectMany(id => new[] { $"{id}.{feed.Version}.nupkg", $"{id}.{feed.Version}.snupkg" })
            .Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, files);
        // VersionPrefix of Directory.Build.props, then the suffix the caller gave eng/pack.sh.
        Assert.Matches(@"^\d+\.\d+\.\d+-ptest\.\d{14}$", feed.Version);
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public void Library_package_holds_its_net10_assembly_with_xml_docs_and_its_own_readme(string id)
    {
        using var zip = feed.OpenPackage(id);
        var entries = Entries(zip);
        Assert.Contains($"lib/net10.0/{id}.dll", entries);
        Assert.Contains($"lib/net10.0/{id}.xml", entries);
        Assert.Contains("<summary>", Text(zip, $"lib/net10.0/{id}.xml"), StringComparison.Ordinal);
        // Only our own assembly: dependencies are package dependencies, not copies.
        Assert.Equal([$"lib/net10.0/{id}.dll"], entries.Where(e => e.EndsWith(".dll", StringComparison.Ordinal)));

        var readme = Text(zip, "README.md");
        Assert.StartsWith($"# {id}", readme, StringComparison.Ordinal);
        Assert.Contains($"dotnet add package {id}", readme, StringComparison.Ordinal);
        Assert.Contains("docs/", readme, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Packages))]
    public void Nuspec_declares_the_MIT_license_expression_readme_repository_and_version(string id)
    {
        var nuspec = feed.Nuspec(id);
        var ns = Ns(nuspec);
        var metadata = nuspec.Element(ns + "metadata")!;
        var license = metadata.Element(ns + "license");
        Assert.NotNull(license);
        Assert.Equal("expression", license.Attribute("type")?.Value);
        Assert.Equal("MIT", license.Value);
        Assert.Equal("README.md", metadata.Element(ns + "readme")?.Value);
        Assert.Equal(feed.Version, metadata.Element(ns + "version")?.Value);
        Assert.Equal("git", metadata.Element(ns + "repository")?.Attribute("type")?.Value);
        Assert.False(string.IsNullOrWhiteSpace(metadata.Element(ns + "description")?.Value));
    }

    [Fact]
    public void No_test_benchmark_sample_or_build_tool_assembly_is_packed()
    {
        foreach (var id in PackedFeedFixture.AllPackages)
        {
            using var zip = feed.OpenPackage(id);
            var offenders = Entries(zip).Where(e =>
                e.Contains(".Tests", StringComparison.OrdinalIgnoreCase)
                || e.Contains("Benchmark", StringComparison.OrdinalIgnoreCase)
                || e.Contains("Chaos", StringComparison.OrdinalIgnoreCase)
                || e.Contains("Sample", StringComparison.OrdinalIgnoreCase)
                || e.Contains("xunit", StringComparison.OrdinalIgnoreCase)
                || e.Contains("PublicAPI", StringComparison.OrdinalIgnoreCase)
                || e.Contains("CodeAnalysis", StringComparison.OrdinalIgnoreCase)).ToArray();
            Assert.True(offenders.Length == 0, $"{id} packs {string.Join(", ", offenders)}");
        }
    }

    [Fact]
    public void Dependencies_are_the_runtime_packages_and_never_the_analyzers_or_SourceLink()
    {
        var client = Dependencies("Dify.HA.Client");
        Assert.Contains("Polly.Core", client);
        Assert.Contains("Microsoft.Extensions.Http", client);
        var data = Dependencies("Dify.HA.Data");
        Assert.Contains("Npgsql", data);
        Assert.Contains("StackExchange.Redis", data);
        foreach (var id in PackedFeedFixture.LibraryPackages)
        {
            var deps = Dependencies(id);
            Assert.DoesNotContain(deps, d => d.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal));
            Assert.DoesNotContain(deps, d => d.StartsWith("Microsoft.SourceLink", StringComparison.Ordinal));
            // Our packages depend on each other by version, never on a pre-release of another build.
            foreach (var d in DependencyElements(id).Where(d => d.Attribute("id")!.Value.StartsWith("Dify.HA.", StringComparison.Ordinal)))
                Assert.Equal(feed.Version, d.Attribute("version")?.Value);
        }

        // The emulator needs ASP.NET Core's shared framework: a framework reference, not a package.
        var testing = feed.Nuspec("Dify.HA.Testing");
        var ns = Ns(testing);
        Assert.Contains(testing.Descendants(ns + "frameworkReference"), f => f.Attribute("name")?.Value == "Microsoft.AspNetCore.App");
    }

    [Theory]
    [MemberData(nameof(Packages))]
    public void Symbol_package_holds_the_portable_pdb(string id)
    {
        using var zip = feed.OpenPackage(id, "snupkg");
        var folder = id == PackedFeedFixture.ToolPackage ? "tools/net10.0/any" : "lib/net10.0";
        var pdb = zip.GetEntry($"{folder}/{id}.pdb");
        Assert.True(pdb is not null, $"{id}.snupkg has no {folder}/{id}.pdb: {string.Join(", ", Entries(zip))}");
        using var stream = pdb.Open();
        var magic = new byte[4];
        stream.ReadExactly(magic);
        Assert.Equal("BSJB"u8.ToArray(), magic); // a portable PDB is ECMA-335 metadata
    }

    [Fact]
    public void Emulator_package_is_a_dotnet_tool_named_dify_emulator_carrying_the_emulator()
    {
        var nuspec = feed.Nuspec(PackedFeedFixture.ToolPackage);
        var ns = Ns(nuspec);
        Assert.Contains(nuspec.Descendants(ns + "packageType"), p => p.Attribute("name")?.Value == "DotnetTool");

        using var zip = feed.OpenPackage(PackedFeedFixture.ToolPackage);
        var settings = XDocument.Parse(Text(zip, "tools/net10.0/any/DotnetToolSettings.xml")).Root!;
        var command = Assert.Single(settings.Descendants("Command"));
        Assert.Equal("dify-emulator", command.Attribute("Name")?.Value);
        Assert.Equal("Dify.HA.Emulator.dll", command.Attribute("EntryPoint")?.Value);
        var entries = Entries(zip);
        Assert.Contains("tools/net10.0/any/Dify.HA.Emulator.dll", entries);
        Assert.Contains("tools/net10.0/any/Dify.HA.Testing.dll", entries);
        Assert.Contains("tools/net10.0/any/Dify.HA.Emulator.runtimeconfig.json", entries);
        Assert.Contains("dotnet tool install", Text(zip, "README.md"), StringComparison.Ordinal);
    }

    private IEnumerable<XElement> DependencyElements(string id)
    {
        var nuspec = feed.Nuspec(id);
        return nuspec.Descendants(Ns(nuspec) + "dependency");
    }

    private string[] Dependencies(string id) => [.. DependencyElements(id).Select(d => d.Attribute("id")!.Value)];
}
