using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Sdk.MlOps.MLflow;

/// <summary>Whether a searchable field compares as text or as a number (and so which operators it takes).</summary>
internal enum FieldKind
{
    Text,
    Number,
}

/// <summary>
/// One comparison of a search filter. <see cref="Entity"/> is <c>attributes</c>, <c>metrics</c>, <c>params</c> or
/// <c>tags</c>; <see cref="Value"/> a <see cref="string"/> or a <see cref="double"/>.
/// </summary>
internal sealed record FilterClause(string Entity, string Key, string Operator, object Value);

/// <summary>
/// The subset of MLflow's search filter syntax a local store needs: comparisons joined by <c>and</c>, e.g.
/// <c>tags.`mlops.input_hash` = 'abc' and metrics.rmse &lt; 0.45</c>. Keys may be bare (<c>tags.a.b</c>),
/// backtick- or double-quoted; strings single- or double-quoted. Text takes <c>= != LIKE ILIKE</c>, numbers
/// <c>= != &lt; &lt;= &gt; &gt;=</c>. A field a search does not know fails with INVALID_PARAMETER_VALUE, as on a server.
/// </summary>
internal sealed class SearchFilter
{
    private readonly IReadOnlyList<FilterClause> _clauses;

    private SearchFilter(IReadOnlyList<FilterClause> clauses) => _clauses = clauses;

    /// <param name="filter">The filter; null or blank matches everything.</param>
    /// <param name="kindOf">The kind of a field (entity, key), or null when the search does not know it.</param>
    public static SearchFilter Parse(string? filter, Func<string, string, FieldKind?> kindOf)
    {
        var clauses = new List<FilterClause>();
        if (string.IsNullOrWhiteSpace(filter)) return new SearchFilter(clauses);
        var reader = new Reader(filter);
        while (true)
        {
            var (entity, key) = reader.Identifier();
            var kind = kindOf(entity, key) ?? throw Invalid($"Invalid filter '{filter}': unknown field '{entity}.{key}'.");
            var op = reader.Operator();
            var value = reader.Value();
            var valid = kind == FieldKind.Text
                ? value is string && op is "=" or "!=" or "LIKE" or "ILIKE"
                : value is double && op is "=" or "!=" or "<" or "<=" or ">" or ">=";
            if (!valid)
                throw Invalid($"Invalid filter '{filter}': '{entity}.{key}' is compared as {(kind == FieldKind.Text ? "a quoted string with =, !=, LIKE or ILIKE" : "a number with =, !=, <, <=, > or >=")}.");
            clauses.Add(new FilterClause(entity, key, op, value));
            if (reader.AtEnd) break;
            reader.And();
        }
        return new SearchFilter(clauses);
    }

    /// <param name="valueOf">A field's value for one item: string, number, or null when the item lacks it (which never matches).</param>
    public bool Matches(Func<string, string, object?> valueOf) => _clauses.All(clause => Matches(clause, valueOf(clause.Entity, clause.Key)));

    private static bool Matches(FilterClause clause, object? actual)
    {
        switch (actual, clause.Value)
        {
            case (string text, string expected):
                return clause.Operator switch
                {
                    "=" => text == expected,
                    "!=" => text != expected,
                    "LIKE" => Like(expected, ignoreCase: false).IsMatch(text),
                    _ => Like(expected, ignoreCase: true).IsMatch(text),
                };
            case (null, _):
                return false;
            case (_, double expected):
                var number = Convert.ToDouble(actual, CultureInfo.InvariantCulture);
                return clause.Operator switch
                {
                    "=" => number == expected,
                    "!=" => number != expected,
                    "<" => number < expected,
                    "<=" => number <= expected,
                    ">" => number > expected,
                    _ => number >= expected,
                };
            default:
                return false;
        }
    }

    /// <summary>SQL LIKE: '%' any run of characters, '_' any one character, the rest literal.</summary>
    private static Regex Like(string pattern, bool ignoreCase)
    {
        var regex = new StringBuilder("^");
        foreach (var c in pattern)
            regex.Append(c switch { '%' => ".*", '_' => ".", _ => Regex.Escape(c.ToString()) });
        return new Regex(regex.Append('$').ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : 0));
    }

    internal static MlflowException Invalid(string message) => new(MlflowException.ErrorCodes.InvalidParameterValue, message);

    /// <summary>The entity names MLflow accepts, by their canonical plural; null for an unknown prefix.</summary>
    internal static string? CanonicalEntity(string prefix) => prefix.ToLowerInvariant() switch
    {
        "attribute" or "attributes" or "attr" or "run" => "attributes",
        "metric" or "metrics" => "metrics",
        "param" or "params" or "parameter" or "parameters" => "params",
        "tag" or "tags" => "tags",
        _ => null,
    };

    /// <summary>A hand-written scanner: the grammar is one level deep, so a tokenizer plus a parser would only add indirection.</summary>
    internal sealed class Reader(string text)
    {
        private int _pos;

        public bool AtEnd
        {
            get
            {
                SkipSpace();
                return _pos >= text.Length;
            }
        }

        /// <summary><c>entity.key</c>, or a bare <c>key</c> (an attribute).</summary>
        public (string Entity, string Key) Identifier()
        {
            SkipSpace();
            if (_pos < text.Length && text[_pos] is '`' or '"') return ("attributes", Quoted(text[_pos]));
            var start = _pos;
            while (_pos < text.Length && (char.IsLetterOrDigit(text[_pos]) || text[_pos] is '_' or '.' or '-' or '/'))
            {
                if (text[_pos] == '.' && _pos > start && CanonicalEntity(text[start.._pos]) is { } entity)
                {
                    _pos++;
                    return (entity, Key());
                }
                _pos++;
            }
            if (_pos == start) throw Invalid($"Invalid filter '{text}': expected a field at position {start + 1}.");
            return ("attributes", text[start.._pos]);
        }

        /// <summary>Everything not read yet, trimmed.</summary>
        public string Rest()
        {
            var rest = text[_pos..].Trim();
            _pos = text.Length;
            return rest;
        }

        public string Operator()
        {
            SkipSpace();
            foreach (var op in (string[])["!=", "<>", "<=", ">=", "=", "<", ">"])
            {
                if (string.CompareOrdinal(text, _pos, op, 0, op.Length) == 0)
                {
                    _pos += op.Length;
                    return op == "<>" ? "!=" : op;
                }
            }
            var word = Word();
            return word.ToUpperInvariant() is "LIKE" or "ILIKE" ? word.ToUpperInvariant() : throw Invalid($"Invalid filter '{text}': unsupported operator '{word}'.");
        }

        public object Value()
        {
            SkipSpace();
            if (_pos < text.Length && text[_pos] is '\'' or '"') return Quoted(text[_pos]);
            var start = _pos;
            while (_pos < text.Length && !char.IsWhiteSpace(text[_pos])) _pos++;
            var token = text[start.._pos];
            return double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                ? number
                : throw Invalid($"Invalid filter '{text}': '{token}' is neither a quoted string nor a number.");
        }

        public void And()
        {
            var word = Word();
            if (!word.Equals("and", StringComparison.OrdinalIgnoreCase))
                throw Invalid($"Invalid filter '{text}': expected 'and' between comparisons, found '{word}' (only 'and' is supported).");
        }

        private string Key()
        {
            if (_pos < text.Length && text[_pos] is '`' or '"') return Quoted(text[_pos]);
            var start = _pos;
            while (_pos < text.Length && !char.IsWhiteSpace(text[_pos]) && text[_pos] is not ('=' or '!' or '<' or '>')) _pos++;
            return _pos > start ? text[start.._pos] : throw Invalid($"Invalid filter '{text}': expected a key at position {start + 1}.");
        }

        private string Word()
        {
            SkipSpace();
            var start = _pos;
            while (_pos < text.Length && char.IsLetter(text[_pos])) _pos++;
            return text[start.._pos];
        }

        /// <summary>A quoted run; the quote doubled inside stands for itself.</summary>
        private string Quoted(char quote)
        {
            var value = new StringBuilder();
            for (_pos++; _pos < text.Length; _pos++)
            {
                if (text[_pos] != quote)
                {
                    value.Append(text[_pos]);
                    continue;
                }
                if (_pos + 1 < text.Length && text[_pos + 1] == quote)
                {
                    value.Append(quote);
                    _pos++;
                    continue;
                }
                _pos++;
                return value.ToString();
            }
            throw Invalid($"Invalid filter '{text}': unterminated {quote}-quoted text.");
        }

        private void SkipSpace()
        {
            while (_pos < text.Length && char.IsWhiteSpace(text[_pos])) _pos++;
        }
    }
}
