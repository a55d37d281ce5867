using System.Globalization;
using System.Text;

namespace Sdk.MlOps.Tasks;

/// <summary>
/// Just enough JSON to write a request file. MSBuild on .NET Framework has no System.Text.Json to rely on, and
/// the tasks assembly keeps its dependencies to one (System.IO.Hashing).
/// </summary>
internal sealed class JsonWriter
{
    private readonly StringBuilder _s = new();
    private bool _needComma;

    public JsonWriter BeginObject(string? name = null) => Open(name, '{');
    public JsonWriter EndObject() => Close('}');
    public JsonWriter BeginArray(string? name = null) => Open(name, '[');
    public JsonWriter EndArray() => Close(']');

    public JsonWriter Property(string name, string? value)
    {
        if (value is null) return this;
        Name(name);
        Quote(value);
        return this;
    }

    public JsonWriter Property(string name, bool value) => Raw(name, value ? "true" : "false");

    public JsonWriter Property(string name, bool? value) => value is { } v ? Property(name, v) : this;

    public JsonWriter Property(string name, long value) => Raw(name, value.ToString(CultureInfo.InvariantCulture));

    public JsonWriter Property(string name, long? value) => value is { } v ? Property(name, v) : this;

    public JsonWriter Property(string name, double? value) =>
        value is { } v ? Raw(name, v.ToString("R", CultureInfo.InvariantCulture)) : this;

    public override string ToString() => _s.ToString();

    private JsonWriter Raw(string name, string literal)
    {
        Name(name);
        _s.Append(literal);
        return this;
    }

    private JsonWriter Open(string? name, char bracket)
    {
        if (name is null) Comma(); else Name(name);
        _s.Append(bracket);
        _needComma = false;
        return this;
    }

    private JsonWriter Close(char bracket)
    {
        _s.Append(bracket);
        _needComma = true;
        return this;
    }

    private void Name(string name)
    {
        Comma();
        Quote(name);
        _s.Append(':');
    }

    private void Comma()
    {
        if (_needComma) _s.Append(',');
        _needComma = true;
    }

    private void Quote(string value)
    {
        _s.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': _s.Append("\\\""); break;
                case '\\': _s.Append("\\\\"); break;
                case '\n': _s.Append("\\n"); break;
                case '\r': _s.Append("\\r"); break;
                case '\t': _s.Append("\\t"); break;
                default:
                    if (c < ' ') _s.Append("\\u").Append(((int)c).ToString("x4"));
                    else _s.Append(c);
                    break;
            }
        }

        _s.Append('"');
    }
}
