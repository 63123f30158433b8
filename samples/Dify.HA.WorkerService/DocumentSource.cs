using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Dify.HA.WorkerService;

/// <summary>The documents to index: the <c>*.txt</c> / <c>*.md</c> files of <c>Indexer:SourceFolder</c> (key = the
/// path relative to the folder, with <c>/</c>), or a few built-in documents (key <c>samples/…</c>).</summary>
public sealed class DocumentSource(IOptions<IndexerOptions> options)
{
    /// <summary>The emulator's marker: a document whose text holds it ends its indexing in <c>error</c>.</summary>
    public const string EmulatorIndexErrorMarker = "[emulator:index-error]";

    /// <summary>Reads the documents now (the folder is read again on every call).</summary>
    public IReadOnlyList<IndexDocument> Read()
    {
        var o = options.Value;
        if (o.SourceFolder is { } folder)
        {
            var root = Path.GetFullPath(folder);
            return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)
                .Select(f => Create(Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllText(f)))
                .Where(d => d.Text.Length > 0)
                .ToList();
        }

        var seeded = new List<IndexDocument>
        {
            Create("samples/returns.md", "# Returns\n\nItems can be returned within 30 days with the receipt.\n\nRefunds go back to the original payment method within 5 working days."),
            Create("samples/shipping.md", "# Shipping\n\nOrders ship within 2 working days.\n\nExpress delivery is available in the EU for a fee."),
            Create("samples/warranty.md", "# Warranty\n\nEvery device has a two-year warranty.\n\nThe warranty does not cover water damage."),
            Create("samples/support.txt", "Support is open Monday to Friday, 8:00 to 18:00 CET.\n\nUrgent issues: use the status page first."),
        };
        if (o.SeedFailingDocument)
            seeded.Add(Create("samples/broken.txt", $"This document cannot be indexed {EmulatorIndexErrorMarker}: it shows a dead letter."));
        return seeded;
    }

    /// <summary>A document with its content hash.</summary>
    public static IndexDocument Create(string key, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        return new IndexDocument(key, text, hash);
    }
}
