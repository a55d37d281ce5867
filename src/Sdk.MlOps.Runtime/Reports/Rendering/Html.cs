using System.Text;

namespace Sdk.MlOps.Reports.Rendering;

/// <summary>Escaping for HTML that is also well-formed XML: the five characters XML reserves, nothing else.</summary>
internal static class Html
{
    public static string Encode(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
            builder.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                // Control characters are not allowed in XML; a stray one in a class name must not break the page.
                _ when char.IsControl(c) && c is not ('\n' or '\t' or '\r') => "\uFFFD",
                _ => c.ToString(),
            });
        return builder.ToString();
    }
}
