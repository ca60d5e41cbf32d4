using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Casd.Card.Cli.Evaluation;

namespace Casd.Card.Cli.Tests.Evaluation;

public sealed class PngWriterTests
{
    [Fact]
    public void A_png_has_the_signature_a_valid_header_checksummed_chunks_and_the_pixels()
    {
        byte[] pixels = [255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30];
        var png = PngWriter.Encode(2, 2, pixels);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        var chunks = Chunks(png).ToList();
        Assert.Equal(["IHDR", "IDAT", "IEND"], chunks.Select(c => c.Type));
        var header = chunks[0].Data;
        Assert.Equal(2, BinaryPrimitives.ReadInt32BigEndian(header));
        Assert.Equal(2, BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4)));
        Assert.Equal(new byte[] { 8, 2, 0, 0, 0 }, header[8..]);

        // IEND's CRC is the well-known AE 42 60 82.
        Assert.Equal(new byte[] { 0xAE, 0x42, 0x60, 0x82 }, png[^4..]);
        using var zlib = new ZLibStream(new MemoryStream(chunks[1].Data), CompressionMode.Decompress);
        using var raw = new MemoryStream();
        zlib.CopyTo(raw);
        Assert.Equal(new byte[] { 0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 10, 20, 30 }, raw.ToArray());
    }

    [Fact]
    public void A_wrong_pixel_count_is_refused()
    {
        Assert.Throws<ArgumentException>(() => PngWriter.Encode(2, 2, new byte[11]));
        Assert.Throws<ArgumentOutOfRangeException>(() => PngWriter.Encode(0, 2, []));
    }

    [Fact]
    public void The_det_plot_is_a_small_png_of_the_documented_size()
    {
        var rates = ErrorRates.Compute([10, 20, 30, 40], [0, 5, 15, 25]);
        var png = DetPlot.Render(rates.Curve);
        Assert.InRange(png.Length, 100, 20_000);
        Assert.Equal(DetPlot.Size, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(DetPlot.Size, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    private static IEnumerable<(string Type, byte[] Data)> Chunks(byte[] png)
    {
        var offset = 8;
        while (offset < png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            var type = Encoding.ASCII.GetString(png, offset + 4, 4);
            var data = png.AsSpan(offset + 8, length).ToArray();
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + length));
            Assert.Equal(PngWriter.Crc(0xFFFFFFFFu, png.AsSpan(offset + 4, 4 + length)) ^ 0xFFFFFFFFu, crc);
            yield return (type, data);
            offset += 12 + length;
        }
    }
}
