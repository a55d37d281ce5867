using System.Buffers.Binary;
using System.IO.Compression;

namespace Sdk.MlOps.Runtime.Tests.Rendering;

/// <summary>
/// Just enough of PNG to read back a browser's screenshot: 8-bit RGB or RGBA, not interlaced. The pixels, so a test
/// can tell a page that drew from a blank one.
/// </summary>
internal sealed class PngImage
{
    private PngImage(int width, int height, uint[] pixels)
    {
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Row by row, 0xRRGGBB (alpha dropped).</summary>
    public uint[] Pixels { get; }

    public static PngImage Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        ReadOnlySpan<byte> signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
        if (!bytes.AsSpan(0, 8).SequenceEqual(signature)) throw new InvalidDataException("Not a PNG.");
        int width = 0, height = 0, channels = 0;
        using var data = new MemoryStream();
        for (var at = 8; at < bytes.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at));
            var type = System.Text.Encoding.ASCII.GetString(bytes, at + 4, 4);
            var body = bytes.AsSpan(at + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(body);
                height = BinaryPrimitives.ReadInt32BigEndian(body[4..]);
                if (body[8] != 8 || body[12] != 0) throw new InvalidDataException("Only 8-bit, non-interlaced PNG is read here.");
                channels = body[9] switch { 2 => 3, 6 => 4, _ => throw new InvalidDataException($"Colour type {body[9]} is not read here.") };
            }
            else if (type == "IDAT") data.Write(body);
            else if (type == "IEND") break;
            at += 12 + length;
        }
        data.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(data, CompressionMode.Decompress)) zlib.CopyTo(inflated);
        return new PngImage(width, height, Unfilter(inflated.ToArray(), width, height, channels));
    }

    /// <summary>Undoes the per-row filters (None, Sub, Up, Average, Paeth) of the PNG specification.</summary>
    private static uint[] Unfilter(byte[] raw, int width, int height, int channels)
    {
        var stride = width * channels;
        var previous = new byte[stride];
        var current = new byte[stride];
        var pixels = new uint[width * height];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            Array.Copy(raw, y * (stride + 1) + 1, current, 0, stride);
            for (var i = 0; i < stride; i++)
            {
                int a = i >= channels ? current[i - channels] : 0, b = previous[i], c = i >= channels ? previous[i - channels] : 0;
                current[i] = (byte)(current[i] + filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"Filter {filter}."),
                });
            }
            for (var x = 0; x < width; x++)
                pixels[y * width + x] = (uint)(current[x * channels] << 16 | current[x * channels + 1] << 8 | current[x * channels + 2]);
            (previous, current) = (current, previous);
        }
        return pixels;
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
