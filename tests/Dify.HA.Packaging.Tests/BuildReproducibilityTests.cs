using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Dify.HA.Packaging.Tests;

/// <summary>
/// The packed assemblies are deterministic builds whose paths are mapped (/_/…), so two packs of one commit are
/// byte-identical wherever they ran, and SourceLink is on exactly when eng/pack.sh said so.
/// </summary>
[Trait("Category", "Packaging")]
[Collection(PackagingGroup.Name)]
public sealed class BuildReproducibilityTests(PackedFeedFixture feed)
{
    // The PDB custom debug information that holds the SourceLink JSON (Portable PDB format).
    private static readonly Guid SourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");

    public static TheoryData<string> Libraries => new(PackedFeedFixture.LibraryPackages);

    private static byte[] Read(System.IO.Compression.ZipArchive zip, string name)
    {
        var entry = zip.GetEntry(name);
        Assert.True(entry is not null, $"{name} is missing");
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public void Assembly_is_a_deterministic_build_that_names_its_pdb_by_a_mapped_path(string id)
    {
        using var zip = feed.OpenPackage(id);
        using var pe = new PEReader(new MemoryStream(Read(zip, $"lib/net10.0/{id}.dll")));
        var debug = pe.ReadDebugDirectory();
        Assert.Contains(debug, d => d.Type == DebugDirectoryEntryType.Reproducible);
        var codeView = pe.ReadCodeViewDebugDirectoryData(Assert.Single(debug, d => d.Type == DebugDirectoryEntryType.CodeView));
        Assert.StartsWith("/_", codeView.Path, StringComparison.Ordinal);
        Assert.EndsWith($"/{id}.pdb", codeView.Path, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public void Pdb_names_every_source_document_by_a_mapped_path_and_has_SourceLink_exactly_when_the_pack_turned_it_on(string id)
    {
        using var symbols = feed.OpenPackage(id, "snupkg");
        using var provider = MetadataReaderProvider.FromPortablePdbStream(new MemoryStream(Read(symbols, $"lib/net10.0/{id}.pdb")));
        var pdb = provider.GetMetadataReader();

        var documents = pdb.Documents.Select(h => pdb.GetString(pdb.GetDocument(h).Name)).ToArray();
        Assert.NotEmpty(documents);
        var unmapped = documents.Where(d => !d.StartsWith("/_", StringComparison.Ordinal)).ToArray();
        Assert.True(unmapped.Length == 0, $"{id}.pdb names machine paths: {string.Join(", ", unmapped.Take(5))}");

        var hasSourceLink = pdb.CustomDebugInformation.Any(h => pdb.GetGuid(pdb.GetCustomDebugInformation(h).Kind) == SourceLinkKind);
        var packSaidOn = feed.Pack.Output.Contains("SourceLink: on", StringComparison.Ordinal);
        Assert.True(packSaidOn || feed.Pack.Output.Contains("SourceLink: off", StringComparison.Ordinal), "eng/pack.sh did not say whether SourceLink is on");
        Assert.Equal(packSaidOn, hasSourceLink);
    }
}
