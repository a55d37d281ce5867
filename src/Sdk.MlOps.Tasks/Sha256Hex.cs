using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Sdk.MlOps.Tasks;

/// <summary>SHA-256 as 64 lowercase hex digits, the form the input hash and the training report's modelSha256 take.</summary>
internal static class Sha256Hex
{
    public static string Of(byte[] bytes)
    {
        using var sha = SHA256.Create();
        return Hex(sha.ComputeHash(bytes));
    }

    public static string OfFile(string path)
    {
        using var stream = File.OpenRead(path);
        using var sha = SHA256.Create();
        return Hex(sha.ComputeHash(stream));
    }

    private static string Hex(byte[] bytes)
    {
        var s = new StringBuilder(bytes.Length * 2);
        foreach (var b in bytes) s.Append(b.ToString("x2", CultureInfo.InvariantCulture));
        return s.ToString();
    }
}
