using System.Globalization;

namespace Sdk.MlOps.Profiling;

/// <summary>One column's counts in one pass, as its <see cref="ColumnPlan"/> says; the profile of the values seen.</summary>
internal sealed class ColumnAccumulator
{
    /// <summary>The most frequent values or words a profile keeps.</summary>
    public const int TopValues = 50, TopWords = 100;
    private const int CategoryCapacity = 10_000, WordCapacity = 50_000;

    private readonly NumericAccumulator? _numbers, _lengths;
    private readonly ValueCounter? _values, _words;
    private readonly Dictionary<double, long>? _few;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>>? _domain;
    private long _count, _missing;

    public ColumnAccumulator(ColumnPlan plan)
    {
        Plan = plan;
        if (plan.FewValues.Count > 0) _few = plan.FewValues.ToDictionary(v => v, _ => 0L);
        if (plan.Domain is { } domain) _domain = domain.GetAlternateLookup<ReadOnlySpan<char>>();
        switch (plan.Kind)
        {
            case ColumnKind.Numeric: _numbers = new NumericAccumulator(plan.Quantiles, plan.Steps, plan.Atoms, plan.Uniform); break;
            case ColumnKind.Categorical: _values = new ValueCounter(CategoryCapacity); break;
            case ColumnKind.Text:
                _lengths = new NumericAccumulator(plan.LengthQuantiles, plan.Steps, uniform: plan.Uniform);
                _words = new ValueCounter(WordCapacity);
                break;
        }
    }

    public ColumnPlan Plan { get; }
    public NumericAccumulator? Numbers => _numbers;
    public ValueCounter? Categories => _values;
    public ValueCounter? Words => _words;
    /// <summary>How often each of the plan's <see cref="ColumnPlan.FewValues"/> was seen.</summary>
    public long CountOf(double value) => _few?.GetValueOrDefault(value) ?? 0;
    public long Count => _count;
    public long Missing => _missing;
    /// <summary>Values outside the plan's range or domain.</summary>
    public long Outside { get; private set; }

    /// <summary>Adds the counts of <paramref name="other"/>, of the same plan: a part of the rows counted on another thread.</summary>
    public void Merge(ColumnAccumulator other)
    {
        _count += other._count;
        _missing += other._missing;
        Outside += other.Outside;
        _numbers?.Merge(other._numbers!);
        _lengths?.Merge(other._lengths!);
        _values?.Merge(other._values!);
        _words?.Merge(other._words!);
        foreach (var (value, n) in other._few ?? []) _few![value] += n;
    }

    public void AddMissing()
    {
        _count++;
        _missing++;
        _numbers?.AddMissing();
    }

    public void AddNumber(double x)
    {
        if (_numbers is null) { AddText(x.ToString("R", CultureInfo.InvariantCulture)); return; }
        if (!double.IsFinite(x)) { AddMissing(); return; }
        _count++;
        _numbers.Add(x);
        if (_few is not null && _few.ContainsKey(x)) _few[x]++;
        if (Plan.Range.Min is { } min && x < min || Plan.Range.Max is { } max && x > max) Outside++;
    }

    public void AddText(ReadOnlySpan<char> text)
    {
        if (text.IsWhiteSpace()) { AddMissing(); return; }
        if (_numbers is not null)
        {
            AddNumber(double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? x : double.NaN);
            return;
        }

        _count++;
        if (_values is not null)
        {
            _values.Add(text);
            if (_domain is { } domain && !domain.Contains(text)) Outside++;
        }

        if (_words is not null)
        {
            _lengths!.Add(text.Length);
            Profiling.Words.Each(text, _words);
        }
    }

    public ColumnProfile ToProfile() => new()
    {
        Name = Plan.Name,
        Type = Plan.Type,
        Kind = Plan.Kind,
        Role = Plan.Role,
        Count = _count,
        Missing = _missing,
        Numeric = _numbers?.ToProfile(),
        Categories = _values?.ToProfile(TopValues) ?? FewNumbers(),
        Text = _words is null ? null : new TextProfile(_lengths!.ToProfile(), _words.ToProfile(TopWords)),
    };

    /// <summary>A number with few values is also a category (Evidently compares numbers with at most 5 values so).</summary>
    private CategoryProfile? FewNumbers() => _numbers?.FewDistinct is { } few
        ? new CategoryProfile(few.Count, true,
            few.OrderByDescending(p => p.Value).ThenBy(p => p.Key).Select(p => new ValueCount(p.Key.ToString("R", CultureInfo.InvariantCulture), p.Value)).ToArray(), 0)
        : null;
}
