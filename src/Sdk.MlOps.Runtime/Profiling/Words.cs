namespace Sdk.MlOps.Profiling;

/// <summary>The words of a text: lower-cased runs of letters and digits, as the profile counts them.</summary>
internal static class Words
{
    /// <summary>Longer runs (hashes, encoded blobs) are cut here; they are rare and never among the top words.</summary>
    private const int MaxLength = 32;

    public static void Each(ReadOnlySpan<char> text, ValueCounter counter)
    {
        Span<char> word = stackalloc char[MaxLength];
        int length = 0;
        foreach (var c in text)
        {
            // ASCII first: most words are, and the table costs less than the Unicode categories.
            if (c < 128 ? char.IsAsciiLetterOrDigit(c) : char.IsLetterOrDigit(c))
            {
                if (length < MaxLength) word[length++] = c < 128 ? (char)(c | (c >= 'A' && c <= 'Z' ? 0x20 : 0)) : char.ToLowerInvariant(c);
                continue;
            }

            if (length > 0) counter.Add(word[..length]);
            length = 0;
        }

        if (length > 0) counter.Add(word[..length]);
    }
}
