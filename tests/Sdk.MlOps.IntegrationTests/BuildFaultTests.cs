using Sdk.MlOps.IntegrationTests.Infrastructure;

namespace Sdk.MlOps.IntegrationTests;

/// <summary>
/// Faults in the user's files that must stop a build before a model exists: wrong data, wrong model code, wrong gates.
/// Each fault is a project of its own in one solution, built by one <c>dotnet build</c> (one restore, one build graph,
/// as a solution with several model projects is built); each must end in its own coded error at the user's file and
/// line, and leave no model.
/// </summary>
[TestClass]
public sealed class BuildFaultTests
{
    private const string DetectorClass = "public sealed class Detector : BinaryClassificationModel<Point>";

    private static readonly Dictionary<string, ModelProject> Projects = [];

    // Built by the first row; the rows run one after another (folded), so the build is never waited on twice.
    private static readonly Lazy<DotnetResult> FaultySolution = new(BuildTheFaultySolution);

    private static DotnetResult BuildTheFaultySolution()
    {
        var solution = TestSolution.Create("Faults", microsoftTestingPlatformRunner: false);
        void Add(string name, string? items = null, string? code = null, Action<ModelProject>? spoil = null)
        {
            var project = solution.AddDetector(name, items, code);
            spoil?.Invoke(project);
            Projects[name] = project;
        }

        Add("MissingData", items: """
                <MlTrainingData Include="data/missing.csv" />
                <MlMetricGate Include="Accuracy" Minimum="0.5" />
            """);
        Add("EmptyData", spoil: p => EditLines(p, "data/train.csv", lines => lines.Take(1)));
        Add("MissingColumn", spoil: p => p.Replace("data/train.csv", "Ext48", "Ext_48"));
        Add("BadValue", spoil: p => EditLines(p, "data/train.csv", lines => lines.Select((l, i) => i == 4 ? SetField(l, 2, "12;5") : l)));
        Add("EmptyLabel", spoil: p => EditLines(p, "data/train.csv", lines => lines.Select((l, i) => i == 9 ? l[..l.LastIndexOf(',')] + "," : l)));
        Add("UnseenClass", spoil: p => EditLines(p, "data/train.csv", lines => lines.Where((l, i) => i == 0 || l.EndsWith(",false", StringComparison.Ordinal))));
        Add("NoModel", code: Models.Detector[..Models.Detector.IndexOf(DetectorClass, StringComparison.Ordinal)]);
        Add("TwoModels", code: Models.Detector + Models.Detector[Models.Detector.IndexOf(DetectorClass, StringComparison.Ordinal)..].Replace("class Detector", "class Detector2"));
        Add("Throws", code: """
            using Microsoft.ML;
            using Microsoft.ML.Data;
            using Sdk.MlOps;

            public sealed class Point
            {
                [LoadColumn(2)] public float Z12 { get; set; }
                [LoadColumn(12)] public bool Label { get; set; }
            }

            public sealed class Detector : BinaryClassificationModel<Point>
            {
                public override IEstimator<ITransformer> Pipeline(MLContext ml, ModelParameters p) =>
                    throw new System.InvalidOperationException("no features configured");
            }
            """);
        Add("UnknownMetric", items: """
                <MlTrainingData Include="data/train.csv" />
                <MlMetricGate Include="MicroAccuracy" Minimum="0.5" />
            """);
        Add("BadBounds", items: """
                <MlTrainingData Include="data/train.csv" />
                <MlMetricGate Include="Accuracy" Minimum="0.9" Maximum="0.1" />
                <MlMetricGate Include="F1Score" Minimum="high" />
            """);

        // Serving with the SDK as a PackageReference, whose targets come after restore: the host is the project's to add.
        Add("NoServingHost", spoil: p => p
            .Replace("NoServingHost.csproj", $"<Project Sdk=\"Sdk.MlOps/{PackedSdk.Version}\">",
                $"<Project Sdk=\"Microsoft.NET.Sdk\">\n  <ItemGroup><PackageReference Include=\"Sdk.MlOps\" Version=\"{PackedSdk.Version}\" /></ItemGroup>")
            .Replace("NoServingHost.csproj", "</Project>", "  <PropertyGroup><MlOpsServe>true</MlOpsServe></PropertyGroup>\n</Project>"));

        var build = solution.Build();
        Assert.AreNotEqual(0, build.ExitCode, build.Output);
        build.ShouldHaveNoCrash();
        return build;
    }

    /// <param name="name">The project that holds the fault.</param>
    /// <param name="file">Where the error must point, relative to the project; empty for the project file.</param>
    /// <param name="at">The line: a line number, or text the line holds; empty where the file has no line to name.</param>
    /// <param name="says">Text the message must hold.</param>
    [TestMethod(UnfoldingStrategy = TestDataSourceUnfoldingStrategy.Fold)]
    [DataRow("MissingData", "MLOPS1001", "", "data/missing.csv", "data/missing.csv")]
    [DataRow("EmptyData", "MLOPS1002", "data/train.csv", "", "")]
    [DataRow("MissingColumn", "MLOPS1003", "data/train.csv", "1", "'Ext48'")]
    [DataRow("BadValue", "MLOPS1004", "data/train.csv", "5", "'Z12'")]
    [DataRow("BadValue", "MLOPS1004", "data/train.csv", "5", "'12;5'")]
    [DataRow("EmptyLabel", "MLOPS1005", "data/train.csv", "10", "")]
    [DataRow("UnseenClass", "MLOPS1006", "", "data/test.csv", "True")]
    [DataRow("NoModel", "MLOPS2001", "", "", "")]
    [DataRow("TwoModels", "MLOPS2002", "", "", "Detector2")]
    [DataRow("Throws", "MLOPS2003", "Model.cs", "throw new", "no features configured")]
    [DataRow("UnknownMetric", "MLOPS3001", "", "MicroAccuracy", "AreaUnderRocCurve")]
    [DataRow("BadBounds", "MLOPS3002", "", "Maximum=\"0.1\"", "")]
    [DataRow("BadBounds", "MLOPS3003", "", "Minimum=\"high\"", "")]
    [DataRow("NoServingHost", "MLOPS7001", "", "", "Sdk.MlOps.Serving")]
    public void EachFaultEndsInItsCode_AtTheUsersFileAndLine_WithNoModel(string name, string code, string file, string at, string says)
    {
        var build = FaultySolution.Value;
        var project = Projects[name];
        var error = build.For(project).ShouldFailWith(code);
        var path = file.Length == 0 ? project.ProjectFile : Path.Combine(project.Directory, file);
        Assert.AreEqual(path, error.File, $"{name}: {code} points elsewhere");
        if (at.Length > 0)
            Assert.AreEqual(int.TryParse(at, out var line) ? line : LineOf(path, at), error.Line, $"{name}: {code} at another line");
        Assert.Contains(says, error.Message);
        Assert.IsFalse(File.Exists(project.ModelFile), $"{name} left a model");
    }

    private static int LineOf(string path, string text) =>
        File.ReadLines(path).Select((l, i) => (l, i)).First(x => x.l.Contains(text, StringComparison.Ordinal)).i + 1;

    private static void EditLines(ModelProject project, string file, Func<string[], IEnumerable<string>> edit)
    {
        var path = Path.Combine(project.Directory, file);
        File.WriteAllLines(path, edit(File.ReadAllLines(path)));
    }

    private static string SetField(string line, int index, string value)
    {
        var fields = line.Split(',');
        fields[index] = value;
        return string.Join(',', fields);
    }
}
