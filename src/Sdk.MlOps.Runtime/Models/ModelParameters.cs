using System.Globalization;
using Sdk.MlOps.Diagnostics;

namespace Sdk.MlOps;

/// <summary>
/// The <c>MlParameter</c> items of the project, as the pipeline code reads them. Every parameter is recorded
/// with the run; one the pipeline never reads gets a warning, since it is most likely misspelt.
/// </summary>
public sealed class ModelParameters
{
    private readonly IReadOnlyDictionary<string, Parameter> _values;
    private readonly HashSet<string> _read = new(StringComparer.OrdinalIgnoreCase);

    internal ModelParameters(IEnumerable<Parameter> values)
    {
        var byName = new Dictionary<string, Parameter>(StringComparer.OrdinalIgnoreCase);
        foreach (var p in values)
        {
            if (!byName.TryAdd(p.Name, p))
                throw new MlOpsException(ErrorCodes.ParameterInvalid,
                    $"MlParameter '{p.Name}' is given more than once. Keep one: a parameter has one value per model.", p.Location);
        }

        _values = byName;
    }

    internal IEnumerable<Parameter> Unread => _values.Values.Where(p => !_read.Contains(p.Name));

    /// <summary>Whether the project sets the parameter; asking counts as reading it.</summary>
    public bool Contains(string name) => Raw(name) is not null;

    /// <summary>The parameter's value as written, or <paramref name="defaultValue"/> when the project does not set it.</summary>
    public string Get(string name, string defaultValue) => Raw(name)?.Value ?? defaultValue;

    /// <summary>The parameter as a float (invariant culture), or <paramref name="defaultValue"/> when unset; MLOPS2006 when it is no float.</summary>
    public float Get(string name, float defaultValue) => Parse(name, defaultValue, (s, c) => float.Parse(s, NumberStyles.Float, c));

    /// <summary>The parameter as a double (invariant culture), or <paramref name="defaultValue"/> when unset; MLOPS2006 when it is no double.</summary>
    public double Get(string name, double defaultValue) => Parse(name, defaultValue, (s, c) => double.Parse(s, NumberStyles.Float, c));

    /// <summary>The parameter as an int, or <paramref name="defaultValue"/> when unset; MLOPS2006 when it is no int.</summary>
    public int Get(string name, int defaultValue) => Parse(name, defaultValue, (s, c) => int.Parse(s, NumberStyles.Integer, c));

    /// <summary>The parameter as a bool (true or false), or <paramref name="defaultValue"/> when unset; MLOPS2006 otherwise.</summary>
    public bool Get(string name, bool defaultValue) => Parse(name, defaultValue, (s, _) => bool.Parse(s));

    private Parameter? Raw(string name)
    {
        _read.Add(name);
        return _values.TryGetValue(name, out var p) ? p : null;
    }

    private T Parse<T>(string name, T defaultValue, Func<string, IFormatProvider, T> parse)
    {
        if (Raw(name) is not { } p) return defaultValue;
        try
        {
            return parse(p.Value.Trim(), CultureInfo.InvariantCulture);
        }
        catch (FormatException)
        {
            throw new MlOpsException(ErrorCodes.ParameterInvalid,
                $"MlParameter '{name}' has value '{p.Value}', which is not a {typeof(T).Name}. Set Value to a {typeof(T).Name} (invariant culture, e.g. 0.01).",
                p.Location);
        }
        catch (OverflowException)
        {
            throw new MlOpsException(ErrorCodes.ParameterInvalid,
                $"MlParameter '{name}' value '{p.Value}' is out of range for {typeof(T).Name}.", p.Location);
        }
    }

    internal sealed record Parameter(string Name, string Value, SourceLocation Location);
}
