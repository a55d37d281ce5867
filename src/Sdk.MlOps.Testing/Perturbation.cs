using System.Reflection;

namespace Sdk.MlOps.Testing;

/// <summary>A named change of an input: what a behaviour check applies to each input.</summary>
/// <typeparam name="TInput">The model's input class.</typeparam>
/// <param name="Name">How a failure names the change, e.g. "typo in the title".</param>
/// <param name="Apply">Makes the changed input from the original (which it must not modify).</param>
public sealed record Perturbation<TInput>(string Name, Func<TInput, TInput> Apply) where TInput : class, new();

/// <summary>Builds perturbations, and the text changes behaviour tests use most.</summary>
public static class Perturb
{
    /// <summary>A perturbation that edits a copy of the input (its public properties and fields copied first).</summary>
    public static Perturbation<TInput> Copy<TInput>(string name, Action<TInput> change) where TInput : class, new() =>
        new(name, input =>
        {
            var copy = new TInput();
            foreach (var property in typeof(TInput).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.CanWrite))
                property.SetValue(copy, property.GetValue(input));
            foreach (var field in typeof(TInput).GetFields(BindingFlags.Public | BindingFlags.Instance).Where(f => !f.IsInitOnly))
                field.SetValue(copy, field.GetValue(input));
            change(copy);
            return copy;
        });

    /// <summary>The text in the other case: upper case if it has lower-case letters, else lower case.</summary>
    public static string ChangeCase(string text) =>
        text.Any(char.IsLower) ? text.ToUpperInvariant() : text.ToLowerInvariant();

    /// <summary>
    /// A typo: two different neighbouring letters swapped inside a word of four letters or more (never its first
    /// letter), the word and the place chosen by <paramref name="seed"/>. Text without such a word comes back as it is.
    /// </summary>
    public static string Typo(string text, int seed = 0)
    {
        var places = System.Text.RegularExpressions.Regex.Matches(text, @"\p{L}{4,}")
            .SelectMany(word => Enumerable.Range(word.Index + 1, word.Length - 2))
            .Where(at => text[at] != text[at + 1]).ToArray();
        if (places.Length == 0) return text;
        int place = places[(int)((uint)seed % (uint)places.Length)];
        var chars = text.ToCharArray();
        (chars[place], chars[place + 1]) = (chars[place + 1], chars[place]);
        return new string(chars);
    }

    /// <summary>The text with words added at its end that should change nothing (a signature, a ticket number).</summary>
    public static string AddWords(string text, string words) => $"{text} {words}";
}
