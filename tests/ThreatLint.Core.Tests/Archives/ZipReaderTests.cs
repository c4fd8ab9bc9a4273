using System.Diagnostics;
using ThreatLint.Documents.Archives;

namespace ThreatLint.Core.Tests.Archives;

public class ZipReaderTests
{
    private static ZipReader Open(byte[] zip, ZipLimits? limits = null) => ZipReader.Open(new MemoryStream(zip, writable: false), limits);

    private static byte[] ReadAll(ZipReader zip, ZipEntry entry)
    {
        using var stream = zip.OpenEntry(entry, 1 << 20);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    [Test]
    public void Lists_stored_and_deflated_members_and_reads_them()
    {
        var text = string.Concat(Enumerable.Repeat("weights ", 100));
        var zip = Open(new ZipBuilder { Alignment = 64 }.Add("archive/data.pkl", [0x80, 0x02, 0x2E]).Add("notes.txt", System.Text.Encoding.UTF8.GetBytes(text), deflate: true).ToArray());

        Assert.Multiple(() =>
        {
            Assert.That(zip.Entries.Select(e => e.Name), Is.EqualTo(new[] { "archive/data.pkl", "notes.txt" }));
            Assert.That(zip.Entries.Select(e => e.Method), Is.EqualTo(new[] { 0, 8 }));
            Assert.That(ReadAll(zip, zip.Entries[0]), Is.EqualTo(new byte[] { 0x80, 0x02, 0x2E }));
            Assert.That(System.Text.Encoding.UTF8.GetString(ReadAll(zip, zip.Entries[1])), Is.EqualTo(text));
            Assert.That(zip.DataOffset(zip.Entries[0]) % 64, Is.Zero, "PyTorch aligns stored data to 64 bytes");
            Assert.That(zip.ReadPrefix(zip.Entries[1], 7), Is.EqualTo("weights"u8.ToArray()));
            Assert.That(zip.IsZip64, Is.False);
        });
    }

    [Test]
    public void Reads_a_ZIP64_directory()
    {
        var zip = Open(new ZipBuilder { Zip64 = true, Alignment = 64 }.Add("archive/data.pkl", [0x80, 0x02, 0x2E]).Add("archive/data/0", new byte[1000]).ToArray());

        Assert.Multiple(() =>
        {
            Assert.That(zip.IsZip64, Is.True);
            Assert.That(zip.Entries.Select(e => (e.Name, e.CompressedSize, e.UncompressedSize)), Is.EqualTo(new[] { ("archive/data.pkl", 3L, 3L), ("archive/data/0", 1000L, 1000L) }));
            Assert.That(ReadAll(zip, zip.Entries[0]), Is.EqualTo(new byte[] { 0x80, 0x02, 0x2E }));
        });
    }

    [Test]
    public void Tolerates_wrong_CRCs_and_data_descriptors()
    {
        var zip = Open(new ZipBuilder()
            .Add("a.pkl", [0x80, 0x04, 0x2E], crc: 0xDEADBEEF)
            .Add("b.pkl", [0x80, 0x04, 0x4E, 0x2E], deflate: true, dataDescriptor: true)
            .ToArray());

        Assert.Multiple(() =>
        {
            Assert.That(ReadAll(zip, zip.Entries[0]), Is.EqualTo(new byte[] { 0x80, 0x04, 0x2E }));
            Assert.That(zip.Entries[1].HasDataDescriptor, Is.True);
            Assert.That(ReadAll(zip, zip.Entries[1]), Is.EqualTo(new byte[] { 0x80, 0x04, 0x4E, 0x2E }));
        });
    }

    [Test]
    public void Handles_bytes_prepended_to_the_archive()
    {
        var zip = Open(new ZipBuilder { Prefix = new byte[333] }.Add("x.pkl", [0x80, 0x02, 0x2E]).ToArray());

        Assert.That(ReadAll(zip, zip.Entries[0]), Is.EqualTo(new byte[] { 0x80, 0x02, 0x2E }));
    }

    [TestCase("../evil", true)]
    [TestCase("archive/../../evil.pkl", true)]
    [TestCase("/etc/cron.d/job", true)]
    [TestCase("\\windows\\system32\\x.dll", true)]
    [TestCase("C:/Users/x/startup.bat", true)]
    [TestCase("archive/data.pkl", false)]
    [TestCase("archive/..data/0", false)]
    public void Flags_member_names_that_would_escape_an_extraction(string name, bool unsafePath)
    {
        var zip = Open(new ZipBuilder().Add(name, [1, 2, 3]).ToArray());

        Assert.Multiple(() =>
        {
            Assert.That(zip.Entries.Single().Name, Is.EqualTo(name));
            Assert.That(zip.Entries.Single().HasUnsafePath, Is.EqualTo(unsafePath));
            Assert.That(ReadAll(zip, zip.Entries.Single()), Is.EqualTo(new byte[] { 1, 2, 3 }), "read in place, never extracted");
        });
    }

    [Test]
    public void A_member_declaring_a_terabyte_is_a_zip_bomb_refused_at_once()
    {
        var stopwatch = Stopwatch.StartNew();
        var bomb = new ZipBuilder { Zip64 = true }.Add("archive/data.pkl", new byte[10_000], deflate: true, declaredSize: 1L << 40).ToArray();

        var e = Assert.Throws<ScanLimitException>(() => Open(bomb));

        Assert.Multiple(() =>
        {
            Assert.That(e!.Message, Does.Contain("zip bomb"));
            Assert.That(stopwatch.Elapsed, Is.LessThan(HangGuard.Limit));
        });
    }

    [Test]
    public void An_honest_member_over_the_ratio_is_a_zip_bomb()
    {
        var zeros = new byte[16 * 1024 * 1024];

        var e = Assert.Throws<ScanLimitException>(() => Open(new ZipBuilder().Add("zeros.bin", zeros, deflate: true).ToArray()));

        Assert.That(e!.Message, Does.Contain("ratio over 1000"));
    }

    [Test]
    public void Many_compressed_members_declaring_too_much_in_total_are_a_zip_bomb()
    {
        // Each member alone passes the ratio check (incompressible 64 KiB declaring 60 MiB); together they declare 1.2 GB.
        var zip = new ZipBuilder();
        var random = new Random(6);
        for (var i = 0; i < 20; i++)
        {
            var data = new byte[64 * 1024];
            random.NextBytes(data);
            zip.Add("part" + i, data, deflate: true, declaredSize: 60L * 1024 * 1024);
        }

        Assert.That(() => Open(zip.ToArray(), ZipLimits.Default with { MaxTotalInflatedBytes = 1L << 30 }), Throws.TypeOf<ScanLimitException>().With.Message.Contains("in total"));
    }

    [Test]
    public void Overlapping_members_are_a_zip_bomb()
    {
        var zip = new ZipBuilder().Add("kernel", new byte[4096], deflate: true).Alias("copy1", 0).Alias("copy2", 0).ToArray();

        Assert.That(() => Open(zip), Throws.TypeOf<ScanLimitException>().With.Message.Contains("overlap"));
    }

    [Test]
    public void A_member_that_inflates_past_its_budget_stops_there()
    {
        // It declares 4 KiB but inflates to 8 MiB: the declared size passes the ratio check, the budget does not.
        var zip = Open(new ZipBuilder().Add("liar.pkl", new byte[8 * 1024 * 1024], deflate: true, declaredSize: 4096).ToArray());

        using var stream = zip.OpenEntry(zip.Entries[0], 1024 * 1024);
        Assert.That(() => stream.CopyTo(Stream.Null), Throws.TypeOf<ScanLimitException>().With.Message.Contains("more than 1048576 bytes"));
    }

    [Test]
    public void Member_count_bound()
    {
        var zip = new ZipBuilder();
        for (var i = 0; i < 5; i++)
        {
            zip.Add("m" + i, [1]);
        }

        Assert.That(() => Open(zip.ToArray(), ZipLimits.Default with { MaxEntries = 4 }), Throws.TypeOf<ScanLimitException>());
    }

    [Test]
    public void Not_a_zip_or_a_truncated_one_is_invalid_data()
    {
        var zip = new ZipBuilder().Add("a", [1, 2, 3]).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(() => Open("not a zip at all, just text"u8.ToArray()), Throws.TypeOf<InvalidDataException>());
            Assert.That(() => Open(zip[..(zip.Length - 30)]), Throws.TypeOf<InvalidDataException>());
        });
    }

    [Test]
    public void Unsupported_methods_and_encryption_are_reported_when_the_member_is_opened()
    {
        var bytes = new ZipBuilder().Add("a.pkl", [0x80, 0x02, 0x2E]).ToArray();
        bytes[8] = 12; // local header method: bzip2
        var centralMethod = FindCentralHeader(bytes) + 10;
        bytes[centralMethod] = 12;
        var zip = Open(bytes);

        Assert.That(() => zip.OpenEntry(zip.Entries[0], 100), Throws.TypeOf<InvalidDataException>().With.Message.Contains("bzip2"));
    }

    private static int FindCentralHeader(byte[] bytes)
    {
        for (var i = 0; i < bytes.Length - 4; i++)
        {
            if (bytes[i] == 0x50 && bytes[i + 1] == 0x4B && bytes[i + 2] == 1 && bytes[i + 3] == 2)
            {
                return i;
            }
        }

        throw new InvalidOperationException("no central header");
    }
}
