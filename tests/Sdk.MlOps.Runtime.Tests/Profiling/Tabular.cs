using Sdk.MlOps.Profiling;

namespace Sdk.MlOps.Runtime.Tests.Profiling;

/// <summary>A model's input as the drift checks see it: three features, a label and an id.</summary>
internal sealed class Tabular
{
    public const string Project = "/p/Model.csproj";

    public float A { get; set; }
    public string B { get; set; } = "";
    public float C { get; set; }
    public bool Label { get; set; }
    public string Id { get; set; } = "";

    public static readonly ProfiledColumn[] Columns =
    [
        new("A", "Single", ColumnProfile.FeatureRole),
        new("B", "String", ColumnProfile.FeatureRole),
        new("C", "Single", ColumnProfile.FeatureRole),
        new("Label", "Boolean", ColumnProfile.LabelRole),
        new("Id", "String", ColumnProfile.IdRole),
    ];

    private static readonly string[] Colours = ["red", "green", "blue"];

    /// <summary><paramref name="n"/> rows: A ~ N(0, 1) shifted by <paramref name="shiftA"/>, B one of three colours, C ~ N(5, 2²) shifted by <paramref name="shiftC"/>.</summary>
    public static Tabular[] Rows(int seed, int n, double shiftA = 0, double shiftC = 0)
    {
        var a = ProfilingData.Normals(seed, n, shiftA);
        var c = ProfilingData.Normals(seed + 1000, n, 5 + shiftC, 2);
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(i => new Tabular
        {
            A = a[i],
            B = Colours[random.Next(3)],
            C = c[i],
            Label = random.Next(2) == 1,
            Id = "row" + i,
        }).ToArray();
    }

    /// <summary>The training profile: 2,000 rows, so Auto picks distances.</summary>
    public static readonly DataProfile Reference = DataProfiler.Profile(ProfilingData.View(Rows(81, 2_000)), Columns, "training");

    public static DriftGateItem Gate(string column, string? method = null, double? threshold = null, int line = 10) =>
        new() { Column = column, Method = method, Threshold = threshold, DefinedIn = Project, Line = line };

    public static DataContractItem Contract(string column, int line = 20) => new() { Column = column, DefinedIn = Project, Line = line };

    /// <summary>Counts <paramref name="current"/> as the check plans and evaluates it, as the engine does.</summary>
    public static DriftReport Check(IEnumerable<Tabular> current, IReadOnlyList<DriftGateItem> gates, IReadOnlyList<DataContractItem>? contracts = null, DataProfile? reference = null)
    {
        var check = new DriftCheck(reference ?? Reference, gates, contracts ?? []);
        var counted = DataProfiler.Count(ProfilingData.View(current), check.Plans());
        return check.Evaluate(counted, "test");
    }
}
