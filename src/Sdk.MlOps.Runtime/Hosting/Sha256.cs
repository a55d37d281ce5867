namespace Sdk.MlOps.Hosting;

/// <summary>SHA-256 as lower-case hex: of a file's bytes, or of a text's UTF-8 bytes.</summary>
internal static class Sha256
{
    public static string OfText(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));

    public static string Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream));
    }
}
