using System.Globalization;
using Sdk.MlOps.Diagnostics;
using static Sdk.MlOps.Reports.Rendering.ReportText;

namespace Sdk.MlOps.Profiling;

/// <summary>
/// Compares data with a reference profile as the drift gates and data contracts say: first the plans (which columns,
/// which method and bound, what to count as outside), then, once the data is counted, the verdicts.
/// </summary>
internal sealed class DriftCheck
{
    /// <summary>The contract's slack when it comes from the profile: a share of values may be missing beyond the training's, or lie outside what training saw.</summary>
    public const double DefaultMissingSlack = 0.01, DefaultOutsideShare = 0.01;

    private readonly DataProfile _reference;
    private readonly List<(ColumnProfile Column, DriftMethod Method, double Threshold, bool Gated, DriftGateItem Item)> _drift = [];
    private readonly List<(ColumnProfile Column, DataContractItem Item)> _contracts = [];
    private readonly DriftGateItem? _share;

    public DriftCheck(DataProfile reference, IReadOnlyList<DriftGateItem> gates, IReadOnlyList<DataContractItem> contracts)
    {
        _reference = reference;
        var named = gates.Where(g => !IsAll(g.Column)).ToArray();
        foreach (var all in gates.Where(g => IsAll(g.Column)))
        {
            var except = Columns(all.Except, all.Definition, "MlDriftGate");
            if (all.MaxDriftedShare is { } share && share is < 0 or > 1)
                throw Invalid($"MlDriftGate AllColumns has MaxDriftedShare {Number(share)}; it must lie between 0 and 1 (Evidently's default is 0.5).", all.Definition);
            foreach (var column in Features().Where(c => !except.Contains(c) && !named.Any(n => Same(n.Column, c.Name))))
                Add(column, all, gated: all.MaxDriftedShare is null);
            if (all.MaxDriftedShare is not null) _share = all;
        }

        foreach (var gate in named)
        {
            if (gate.MaxDriftedShare is not null || gate.Except is { Length: > 0 })
                throw Invalid($"MlDriftGate '{gate.Column}' has {(gate.MaxDriftedShare is not null ? "MaxDriftedShare" : "Except")}, which only {DriftGateItem.AllColumns} takes: a single column drifts or not.", gate.Definition);
            Add(Column(gate.Column, gate.Definition, "MlDriftGate"), gate, gated: true);
        }

        foreach (var twice in contracts.GroupBy(c => c.Column, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            throw Invalid($"MlDataContract '{twice.Key}' is given {twice.Count()} times; give its bounds on one item.", twice.Last().Definition);
        foreach (var twice in named.GroupBy(g => g.Column, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            throw Invalid($"MlDriftGate '{twice.Key}' is given {twice.Count()} times; one method and bound per column.", twice.Last().Definition);

        foreach (var item in contracts)
        {
            if (!IsAll(item.Column)) { _contracts.Add((Column(item.Column, item.Definition, "MlDataContract"), item)); continue; }
            var except = Columns(item.Except, item.Definition, "MlDataContract");
            foreach (var column in Features().Where(c => !except.Contains(c) && !contracts.Any(n => Same(n.Column, c.Name))))
                _contracts.Add((column, item));
        }

        foreach (var (column, item) in _contracts) CheckContract(column, item);
    }

    /// <summary>The tests an evaluation will report, known before it runs (what <c>--list-tests</c> and the IDEs show).</summary>
    public IEnumerable<(string Name, SourceLocation At)> TestNames()
    {
        foreach (var d in _drift) yield return (DriftName(d.Column.Name), d.Item.Definition);
        if (_share is not null) yield return (ShareName(_share.MaxDriftedShare!.Value), _share.Definition);
        foreach (var (column, item) in _contracts)
        {
            yield return (ContractName(column.Name, ContractCheck.MissingCheck), item.Definition);
            var (lo, hi) = RangeOf(column, item);
            if (lo is not null || hi is not null) yield return (ContractName(column.Name, ContractCheck.RangeCheck), item.Definition);
            else if (DomainOf(column, item) is not null) yield return (ContractName(column.Name, ContractCheck.ValuesCheck), item.Definition);
        }
    }

    public static string DriftName(string column) => $"Drift({column})";
    public static string ShareName(double maxShare) => $"Drift(share of columns ≤ {Percent(maxShare)})";
    public static string ContractName(string column, string check) => $"DataContract({column} {check})";

    /// <summary>How to count the compared data: every reference column, with the contracts' range and categories.</summary>
    public IReadOnlyList<ColumnPlan> Plans() => _reference.Columns.Select(c =>
    {
        var plan = ColumnPlan.Like(c);
        if (_contracts.FirstOrDefault(x => x.Column == c) is not ({ } column, { } item)) return plan;
        return plan with { Range = RangeOf(column, item), Domain = DomainOf(column, item) };
    }).ToArray();

    /// <summary>The verdicts on the counted data (<paramref name="counted"/> in the order of <see cref="Plans"/>).</summary>
    public DriftReport Evaluate(IReadOnlyList<ColumnAccumulator> counted, string source, DataProfile? predictions = null)
    {
        var position = new Dictionary<ColumnProfile, int>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < _reference.Columns.Count; i++) position[_reference.Columns[i]] = i;
        ColumnAccumulator Of(ColumnProfile c) => counted[position[c]];
        // Columns gated one by one are a family: each test is held to the bound divided by their number (Bonferroni),
        // so twenty columns of unchanged data do not fail one in three runs by chance.
        int family = Math.Max(1, _drift.Count(d => d.Gated));
        var drift = _drift.Select(d => Verdict(d.Column, Of(d.Column), d.Method, d.Threshold, d.Gated, d.Gated ? family : 1, d.Item)).ToArray();
        var share = _share is null ? null
            : new DriftShare(drift.Count(d => !d.Gated && d.Drifted), drift.Count(d => !d.Gated), _share.MaxDriftedShare!.Value, _share.DefinedIn, _share.Line);
        var contracts = _contracts.SelectMany(c => Contract(c.Column, c.Item, Of(c.Column))).ToArray();
        return new DriftReport
        {
            Source = source,
            ReferenceRows = _reference.Rows,
            CurrentRows = DataProfiler.RowsOf(counted),
            Columns = drift,
            Share = share,
            Contracts = contracts,
            Current = new DataProfile { Source = source, Rows = DataProfiler.RowsOf(counted), Columns = counted.Select(c => c.ToProfile()).ToArray(), Predictions = predictions },
        };
    }

    /// <summary>
    /// One column's verdict. A test drifts below its bound; a distance at or above its bound, when the matching test
    /// also says it is not chance (a few hundred test rows give distances near Evidently's 0.1 from noise alone; a day
    /// of production gives tiny p-values to any real change, so there the distance decides). A column the data lacks
    /// is not compared; one whose every value is missing, where training had values, drifts.
    /// </summary>
    private static ColumnDrift Verdict(ColumnProfile reference, ColumnAccumulator current, DriftMethod method, double threshold, bool gated, int family, DriftGateItem item)
    {
        ColumnDrift Result(string m, string statistic, double value, double bound, bool drifted, double? p = null, double? alpha = null) =>
            new(reference.Name, reference.Kind, m, statistic, value, bound, drifted, gated, p, alpha, item.DefinedIn, item.Line);
        long values = current.Count - current.Missing, referenceValues = reference.Count - reference.Missing;
        if (current.Count == 0 || referenceValues == 0)
            return Result(method.ToString(), DriftMethods.StatisticOf(method), double.NaN, threshold, false);
        if (values == 0)
        {
            double allowed = Math.Min(1, reference.MissingShare + DefaultMissingSlack);
            return Result("Missing", "missing share", 1, allowed, true);
        }

        double value = DriftStatistics.Compute(method, reference, current);
        if (DriftMethods.IsTest(method)) return Result(method.ToString(), DriftMethods.StatisticOf(method), value, threshold / family, value < threshold / family);
        double? p = DriftStatistics.Significance(reference, current);
        double alpha = DriftMethods.DefaultThreshold(DriftMethod.KolmogorovSmirnov) / family;
        return Result(method.ToString(), DriftMethods.StatisticOf(method), value, threshold, value >= threshold && (p is not { } q || q < alpha), p, p is null ? null : alpha);
    }

    private IEnumerable<ContractCheck> Contract(ColumnProfile column, DataContractItem item, ColumnAccumulator current)
    {
        double values = current.Count - current.Missing;
        double missingShare = current.Count == 0 ? 0 : (double)current.Missing / current.Count;
        double maxMissing = item.MaxMissingShare ?? Math.Min(1, column.MissingShare + DefaultMissingSlack);
        yield return new ContractCheck(column.Name, ContractCheck.MissingCheck, missingShare, maxMissing,
            $"at most {Percent(maxMissing)} missing", missingShare <= maxMissing, item.DefinedIn, item.Line);

        double outside = values == 0 ? 0 : current.Outside / values;
        double maxOutside = item.MaxOutsideShare ?? (Declared(item) ? 0 : DefaultOutsideShare);
        var (lo, hi) = RangeOf(column, item);
        if (lo is not null || hi is not null)
        {
            yield return new ContractCheck(column.Name, ContractCheck.RangeCheck, outside, maxOutside,
                $"[{(lo is { } l ? Number(l) : "-∞")}, {(hi is { } h ? Number(h) : "∞")}]", outside <= maxOutside, item.DefinedIn, item.Line);
        }
        else if (DomainOf(column, item) is { } domain)
        {
            var expected = item.Values is { Length: > 0 } ? $"{domain.Count} declared values" : $"the {domain.Count} values seen in training";
            yield return new ContractCheck(column.Name, ContractCheck.ValuesCheck, outside, maxOutside, expected, outside <= maxOutside, item.DefinedIn, item.Line);
        }
    }

    private static bool Declared(DataContractItem item) => item.Minimum is not null || item.Maximum is not null || item.Values is { Length: > 0 };

    private static (double? Min, double? Max) RangeOf(ColumnProfile column, DataContractItem item) =>
        column.Kind != ColumnKind.Numeric ? (null, null)
        : (item.Minimum ?? (item.Maximum is null ? column.Numeric?.Min : null), item.Maximum ?? (item.Minimum is null ? column.Numeric?.Max : null));

    private static HashSet<string>? DomainOf(ColumnProfile column, DataContractItem item)
    {
        if (column.Kind != ColumnKind.Categorical) return null;
        if (item.Values is { Length: > 0 } declared) return new HashSet<string>(Split(declared), StringComparer.Ordinal);
        return column.Categories is { Complete: true } seen ? new HashSet<string>(seen.Top.Select(v => v.Value), StringComparer.Ordinal) : null;
    }

    private void CheckContract(ColumnProfile column, DataContractItem item)
    {
        string? problem = null;
        if (column.Kind == ColumnKind.Counted) problem = $"'{column.Name}' is {(column.Role == ColumnProfile.IdRole ? "the id column" : "a vector")}, which is counted, not checked";
        else if ((item.Minimum is not null || item.Maximum is not null) && column.Kind != ColumnKind.Numeric) problem = $"Minimum and Maximum need a numeric column; '{column.Name}' is {column.Kind}";
        else if (item.Values is { Length: > 0 } && column.Kind != ColumnKind.Categorical) problem = $"Values needs a categorical column; '{column.Name}' is {column.Kind}";
        else if (item.Minimum > item.Maximum) problem = "Minimum is above Maximum";
        else if (item.MaxMissingShare is < 0 or > 1 || item.MaxOutsideShare is < 0 or > 1) problem = "MaxMissingShare and MaxOutsideShare are shares between 0 and 1";
        if (problem is not null) throw Invalid($"MlDataContract '{item.Column}': {problem}.", item.Definition);
    }

    private void Add(ColumnProfile column, DriftGateItem item, bool gated)
    {
        // A method given on AllColumns applies to the columns it fits; the others keep the default choice.
        if (IsAll(item.Column) && item.Method is { Length: > 0 } named && DriftMethods.TryParse(named, out var m) && !Fits(m, column))
            item = new DriftGateItem { Column = item.Column, Threshold = null, DefinedIn = item.DefinedIn, Line = item.Line };
        if (column.Kind == ColumnKind.Counted)
            throw Invalid($"MlDriftGate '{column.Name}': {(column.Role == ColumnProfile.IdRole ? "it is the id column (MlOpsIdColumn)" : "it is a vector")}, which is counted, never compared.", item.Definition);
        var method = DriftMethod.Auto;
        if (item.Method is { Length: > 0 } name && !DriftMethods.TryParse(name, out method))
            throw Invalid($"MlDriftGate '{item.Column}' has Method '{Echo.Of(name)}'. Methods: {string.Join(", ", Enum.GetNames<DriftMethod>())}.", item.Definition);
        if (method == DriftMethod.Auto) method = DriftMethods.Choose(column);
        bool numbers = column.Kind == ColumnKind.Numeric && column.Categories is null;
        if (!Fits(method, column))
            throw Invalid($"MlDriftGate '{column.Name}': {method} does not apply to a {(numbers ? "numeric column with many values" : column.Kind + " column")}. {(numbers ? "Use KolmogorovSmirnov, Wasserstein, JensenShannon, Psi or LInfinity." : "Use ChiSquared, ZTest, JensenShannon, Psi or LInfinity.")}", item.Definition);
        double threshold = item.Threshold ?? DriftMethods.DefaultThreshold(method);
        if (threshold < 0 || DriftMethods.IsTest(method) && threshold > 1)
            throw Invalid($"MlDriftGate '{column.Name}' has Threshold {Number(threshold)}; {(DriftMethods.IsTest(method) ? "a p-value bound lies between 0 and 1" : "a distance bound is 0 or more")}.", item.Definition);
        _drift.RemoveAll(d => d.Column == column);
        _drift.Add((column, method, threshold, gated, item));
    }

    private static bool Fits(DriftMethod method, ColumnProfile column) =>
        !(method is DriftMethod.KolmogorovSmirnov or DriftMethod.Wasserstein && column.Kind != ColumnKind.Numeric
          || method is DriftMethod.ChiSquared or DriftMethod.ZTest && column.Kind == ColumnKind.Numeric && column.Categories is null);

    private IEnumerable<ColumnProfile> Features() => _reference.Columns.Where(c => c.Role == ColumnProfile.FeatureRole && c.Kind != ColumnKind.Counted);

    private ColumnProfile Column(string name, SourceLocation at, string item) =>
        _reference.Find(name) ?? throw Invalid(
            $"{item} '{Echo.Of(name)}' names no input column. Columns: {string.Join(", ", _reference.Columns.Select(c => c.Name))}, or {DriftGateItem.AllColumns}.", at);

    private HashSet<ColumnProfile> Columns(string? list, SourceLocation at, string item) =>
        Split(list).Select(n => _reference.Find(n) ?? throw Invalid(
            $"{item} {DriftGateItem.AllColumns} has Except '{Echo.Of(n)}', which names no input column. Columns: {string.Join(", ", _reference.Columns.Select(c => c.Name))}.", at)).ToHashSet();

    private static IEnumerable<string> Split(string? list) =>
        (list ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static bool IsAll(string column) => Same(column, DriftGateItem.AllColumns);
    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
    private static MlOpsException Invalid(string message, SourceLocation at) => new(ErrorCodes.DriftGateInvalid, message, at);
    private static string Number(double x) => x.ToString("G6", CultureInfo.InvariantCulture);
}
