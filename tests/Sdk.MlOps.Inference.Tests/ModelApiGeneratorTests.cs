using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Sdk.MlOps.Generators;

namespace Sdk.MlOps.Inference.Tests;

/// <summary>
/// The typed API generator, run by a generator driver over compilations of model projects written here, against the
/// real base classes (Sdk.MlOps.Runtime), Inference and ML.NET.
/// </summary>
[TestClass]
public sealed class ModelApiGeneratorTests
{
    private static readonly CSharpParseOptions s_parse = new(LanguageVersion.Latest);

    /// <summary>The input class, as a model project has it: the columns of the tickets the test models learned.</summary>
    private const string Issue = """
        using Microsoft.ML.Data;

        namespace IncidentTriage;

        public sealed class Issue
        {
            [LoadColumn(0)] public string Text { get; set; } = "";
            [LoadColumn(1)] public string Category { get; set; } = "";
        }
        """;

    /// <summary>The model class, after samples/IncidentTriage/IssueTriage.cs.</summary>
    private const string IssueTriage = """
        using Microsoft.ML;
        using Sdk.MlOps;

        namespace IncidentTriage;

        public sealed class IssueTriage : MulticlassClassificationModel<Issue>
        {
            public override string LabelColumn => nameof(Issue.Category);

            public override IEstimator<ITransformer> Pipeline(MLContext ml, ModelParameters p) =>
                ml.Transforms.Conversion.MapValueToKey("Label", nameof(Issue.Category))
                    .Append(ml.Transforms.Text.FeaturizeText("Features", nameof(Issue.Text)))
                    .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy())
                    .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        }
        """;

    private static readonly Dictionary<string, string> s_named = new() { ["build_property.MlOpsModelName"] = "IncidentTriage" };

    [TestMethod]
    public void A_model_project_gets_its_typed_API_in_the_model_namespace()
    {
        var (result, output) = Run(s_named, Issue, IssueTriage);

        var source = result.GeneratedSources.Single();
        Assert.AreEqual("IncidentTriageModel.g.cs", source.HintName);
        var text = source.SourceText.ToString();
        StringAssert.Contains(text, "namespace IncidentTriage;");
        StringAssert.Contains(text, "public static partial class IncidentTriageModel");
        StringAssert.Contains(text, "public const string Name = \"IncidentTriage\";");
        StringAssert.Contains(text, "FileName = \"IncidentTriage.zip\"");
        StringAssert.Contains(text, "AddIncidentTriage(");
        StringAssert.Contains(text, "ModelPredictor<global::IncidentTriage.Issue>");
        AssertNoErrors(output);

        var api = output.GetTypeByMetadataName("IncidentTriage.IncidentTriageModel");
        Assert.IsNotNull(api);
        Assert.IsTrue(api.IsStatic);
        CollectionAssert.IsSubsetOf(new[] { "Name", "FileName", "DefaultFile", "Load", "Predict", "AddIncidentTriage" },
            api.GetMembers().Select(m => m.Name).ToArray());
        Assert.AreEqual(2, api.GetMembers("Predict").Length, "one input and many");
    }

    [TestMethod]
    public void The_generated_API_is_usable_from_the_project()
    {
        const string usage = """
            using IncidentTriage;
            using Microsoft.Extensions.DependencyInjection;
            using Sdk.MlOps.Inference;

            public static class Startup
            {
                public static IServiceCollection Configure(IServiceCollection services) =>
                    services.AddIncidentTriage(configure: o => o.WatchForChanges = false);

                public static ModelPrediction One(ModelPredictor<Issue> predictor) => predictor.Predict(new Issue { Text = "dns" });

                public static string? Label() =>
                    IncidentTriageModel.Load(IncidentTriageModel.DefaultFile).Predict(new Issue()).Label
                    ?? IncidentTriageModel.Predict(new[] { new Issue() })[0].Label;
            }
            """;

        var (result, output) = Run(s_named, Issue, IssueTriage, usage);

        Assert.HasCount(1, result.GeneratedSources);
        AssertNoErrors(output);
    }

    [TestMethod]
    public void The_model_file_name_option_names_the_file()
    {
        var options = new Dictionary<string, string>(s_named) { ["build_property.MlOpsModelFileName"] = "triage-model.zip" };

        var (result, output) = Run(options, Issue, IssueTriage);

        StringAssert.Contains(result.GeneratedSources.Single().SourceText.ToString(), "FileName = \"triage-model.zip\"");
        AssertNoErrors(output);
    }

    [TestMethod]
    [DataRow("Incident-Triage.V2", "IncidentTriageV2")]
    [DataRow("2fast", "_2fast")]
    [DataRow("incident triage", "incidenttriage")]
    public void A_model_name_that_is_not_an_identifier_gives_a_valid_one(string name, string identifier)
    {
        var (result, output) = Run(new Dictionary<string, string> { ["build_property.MlOpsModelName"] = name }, Issue, IssueTriage);

        var source = result.GeneratedSources.Single();
        Assert.AreEqual(identifier + "Model.g.cs", source.HintName);
        var text = source.SourceText.ToString();
        StringAssert.Contains(text, $"public const string Name = \"{name}\";");
        StringAssert.Contains(text, $"FileName = \"{name}.zip\"");
        AssertNoErrors(output);
        Assert.IsNotNull(output.GetTypeByMetadataName($"IncidentTriage.{identifier}Model"));
        Assert.IsNotEmpty(output.GetTypeByMetadataName($"IncidentTriage.{identifier}Model")!.GetMembers("Add" + identifier));
    }

    [TestMethod]
    public void A_model_in_the_global_namespace_gets_its_API_there()
    {
        const string model = """
            using Microsoft.ML;
            using Sdk.MlOps;

            public sealed class Row { public float X { get; set; } public float Label { get; set; } }

            public sealed class Prices : RegressionModel<Row>
            {
                public override IEstimator<ITransformer> Pipeline(MLContext ml, ModelParameters p) =>
                    ml.Transforms.Concatenate("Features", "X").Append(ml.Regression.Trainers.Sdca());
            }
            """;

        var (result, output) = Run(new Dictionary<string, string> { ["build_property.MlOpsModelName"] = "Prices" }, model);

        var text = result.GeneratedSources.Single().SourceText.ToString();
        Assert.DoesNotContain("namespace ", text);
        StringAssert.Contains(text, "ModelPredictor<global::Row>");
        AssertNoErrors(output);
        Assert.IsNotNull(output.GetTypeByMetadataName("PricesModel"));
    }

    [TestMethod]
    public void A_project_without_a_model_class_gets_nothing()
    {
        const string other = """
            namespace IncidentTriage;

            public sealed class Helper : System.Collections.Generic.List<Issue> { }
            public sealed class Plain { }
            """;

        var (result, output) = Run(s_named, Issue, other);

        Assert.IsEmpty(result.GeneratedSources);
        AssertNoErrors(output);
    }

    [TestMethod]
    public void An_abstract_model_class_alone_gets_nothing()
    {
        const string template = """
            using Sdk.MlOps;

            namespace IncidentTriage;

            public abstract class TriageBase : MulticlassClassificationModel<Issue> { }
            """;

        var (result, output) = Run(s_named, Issue, template);

        Assert.IsEmpty(result.GeneratedSources);
        AssertNoErrors(output);
    }

    [TestMethod]
    public void A_model_deriving_from_the_projects_own_abstract_model_gets_its_API()
    {
        const string models = """
            using Microsoft.ML;
            using Sdk.MlOps;

            namespace IncidentTriage;

            public abstract class TriageBase : MulticlassClassificationModel<Issue>
            {
                public override string LabelColumn => nameof(Issue.Category);
            }

            public sealed class Triage : TriageBase
            {
                public override IEstimator<ITransformer> Pipeline(MLContext ml, ModelParameters p) =>
                    ml.Transforms.Conversion.MapValueToKey("Label", nameof(Issue.Category))
                        .Append(ml.Transforms.Text.FeaturizeText("Features", nameof(Issue.Text)))
                        .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy());
            }
            """;

        var (result, output) = Run(s_named, Issue, models);

        Assert.AreEqual("IncidentTriageModel.g.cs", result.GeneratedSources.Single().HintName);
        AssertNoErrors(output);
    }

    [TestMethod]
    public void A_type_the_project_declares_under_the_API_name_wins()
    {
        const string own = """
            namespace IncidentTriage;

            public static class IncidentTriageModel
            {
                public const string Name = "mine";
            }
            """;

        var (result, output) = Run(s_named, Issue, IssueTriage, own);

        Assert.IsEmpty(result.GeneratedSources);
        AssertNoErrors(output);
        Assert.AreEqual("mine", output.GetTypeByMetadataName("IncidentTriage.IncidentTriageModel")!.GetMembers("Name").OfType<IFieldSymbol>().Single().ConstantValue);
    }

    [TestMethod]
    public void A_partial_model_class_declared_in_two_files_gets_one_API()
    {
        const string part1 = """
            using Sdk.MlOps;

            namespace IncidentTriage;

            public sealed partial class IssueTriage : MulticlassClassificationModel<Issue>
            {
                public override string LabelColumn => nameof(Issue.Category);
            }
            """;
        const string part2 = """
            using Microsoft.ML;
            using Sdk.MlOps;

            namespace IncidentTriage;

            public sealed partial class IssueTriage : MulticlassClassificationModel<Issue>
            {
                public override IEstimator<ITransformer> Pipeline(MLContext ml, ModelParameters p) =>
                    ml.Transforms.Conversion.MapValueToKey("Label", nameof(Issue.Category))
                        .Append(ml.Transforms.Text.FeaturizeText("Features", nameof(Issue.Text)))
                        .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy());
            }
            """;

        var (result, output) = Run(s_named, Issue, part1, part2);

        Assert.AreEqual("IncidentTriageModel.g.cs", result.GeneratedSources.Single().HintName);
        AssertNoErrors(output);
    }

    [TestMethod]
    public void Two_model_classes_get_nothing()
    {
        const string second = """
            using Microsoft.ML;
            using Sdk.MlOps;

            namespace IncidentTriage;

            public sealed class OtherTriage : MulticlassClassificationModel<Issue>
            {
                public override IEstimator<ITransformer> Pipeline(MLContext ml, ModelParameters p) =>
                    ml.MulticlassClassification.Trainers.SdcaMaximumEntropy();
            }
            """;

        var (result, output) = Run(s_named, Issue, IssueTriage, second);

        Assert.IsEmpty(result.GeneratedSources);
        AssertNoErrors(output);
    }

    [TestMethod]
    public void Two_model_classes_of_different_input_classes_get_nothing()
    {
        const string second = """
            using Microsoft.ML;
            using Sdk.MlOps;

            namespace IncidentTriage;

            public sealed class Point { public float X { get; set; } public bool Label { get; set; } }

            public sealed class Anomalies : BinaryClassificationModel<Point>
            {
                public override IEstimator<ITransformer> Pipeline(MLContext ml, ModelParameters p) =>
                    ml.Transforms.Concatenate("Features", "X").Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression());
            }
            """;

        var (one, _) = Run(s_named, Issue, IssueTriage);
        var (result, output) = Run(s_named, Issue, IssueTriage, second);

        Assert.HasCount(1, one.GeneratedSources, "the first model class alone gets its API");
        Assert.IsEmpty(result.GeneratedSources);
        AssertNoErrors(output);
    }

    [TestMethod]
    public void Without_the_model_name_option_nothing_is_generated()
    {
        var (withoutOption, output) = Run(new Dictionary<string, string>(), Issue, IssueTriage);
        var (emptyOption, _) = Run(new Dictionary<string, string> { ["build_property.MlOpsModelName"] = "" }, Issue, IssueTriage);
        var (fileOnly, _) = Run(new Dictionary<string, string> { ["build_property.MlOpsModelFileName"] = "IncidentTriage.zip" }, Issue, IssueTriage);

        Assert.IsEmpty(withoutOption.GeneratedSources);
        Assert.IsEmpty(emptyOption.GeneratedSources);
        Assert.IsEmpty(fileOnly.GeneratedSources);
        AssertNoErrors(output);
    }

    [TestMethod]
    public void An_edit_elsewhere_in_the_project_does_not_regenerate_the_API()
    {
        var compilation = Compile(Issue, IssueTriage, "namespace IncidentTriage; internal static class Other { public const int A = 1; }");
        GeneratorDriver driver = CSharpGeneratorDriver.Create([new ModelApiGenerator().AsSourceGenerator()], [], s_parse, new ModelProjectOptions(s_named),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        driver = driver.RunGenerators(compilation);
        Assert.HasCount(1, driver.GetRunResult().GeneratedTrees);

        var other = compilation.SyntaxTrees.Last();
        var edited = compilation.ReplaceSyntaxTree(other, CSharpSyntaxTree.ParseText("namespace IncidentTriage; internal static class Other { public const int A = 2; }", s_parse));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        Assert.HasCount(1, result.GeneratedSources);
        var outputs = result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).ToArray();
        Assert.IsNotEmpty(outputs);
        Assert.IsTrue(outputs.All(o => o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged),
            string.Join(", ", outputs.Select(o => o.Reason)));
    }

    [TestMethod]
    public void The_generated_API_loads_registers_and_predicts_with_a_real_model()
    {
        var (result, output) = Run(s_named, Issue, IssueTriage);
        Assert.HasCount(1, result.GeneratedSources);
        using var image = new MemoryStream();
        var emitted = output.Emit(image);
        Assert.IsTrue(emitted.Success, string.Join(Environment.NewLine, emitted.Diagnostics));

        var assembly = new AssemblyLoadContext("generated-api", isCollectible: false).LoadFromStream(new MemoryStream(image.ToArray()));
        var api = assembly.GetType("IncidentTriage.IncidentTriageModel", throwOnError: true)!;
        var issueType = assembly.GetType("IncidentTriage.Issue", throwOnError: true)!;
        Assert.AreEqual("IncidentTriage", api.GetField("Name")!.GetRawConstantValue());
        Assert.AreEqual("IncidentTriage.zip", api.GetField("FileName")!.GetRawConstantValue());
        Assert.AreEqual(Path.Combine(AppContext.BaseDirectory, "IncidentTriage.zip"), api.GetProperty("DefaultFile")!.GetValue(null));

        var file = TrainedModels.CopyTo(TrainedModels.TicketsV1, TrainedModels.NewFolder(), "IncidentTriage.zip");
        var issue = Activator.CreateInstance(issueType)!;
        issueType.GetProperty("Text")!.SetValue(issue, TrainedModels.SampleTickets[1].Text);
        using var expected = new ModelPredictor<Ticket>(file);

        // Load: a predictor over the project's own input class.
        using var loaded = (IDisposable)api.GetMethod("Load")!.Invoke(null, [file, null])!;
        Assert.AreEqual(typeof(ModelPredictor<>).MakeGenericType(issueType), loaded.GetType());
        var prediction = (ModelPrediction)loaded.GetType().GetMethod("Predict", [issueType])!.Invoke(loaded, [issue])!;
        Assert.AreEqual(expected.Predict(TrainedModels.SampleTickets[1]).Label, prediction.Label);
        Assert.AreEqual("storage", prediction.Label);

        // Add<Name>: registered under the model's name, and as the input class's predictor.
        var services = new ServiceCollection();
        Action<ModelPredictorOptions> noWatch = o => o.WatchForChanges = false;
        api.GetMethod("AddIncidentTriage")!.Invoke(null, [services, file, noWatch]);
        using var provider = services.BuildServiceProvider();
        var predictorType = typeof(ModelPredictor<>).MakeGenericType(issueType);
        var keyed = provider.GetRequiredKeyedService(predictorType, "IncidentTriage");
        Assert.AreSame(keyed, provider.GetRequiredService(predictorType));
        var identity = (ModelIdentity)predictorType.GetProperty("Identity")!.GetValue(keyed)!;
        Assert.AreEqual(expected.Identity.Sha256, identity.Sha256);
    }

    private static (GeneratorRunResult Result, Compilation Output) Run(Dictionary<string, string> options, params string[] sources)
    {
        var compilation = Compile(sources);
        AssertNoErrors(compilation, ignoreGeneratedApiUse: true);
        var driver = CSharpGeneratorDriver.Create([new ModelApiGenerator().AsSourceGenerator()], [], s_parse, new ModelProjectOptions(options))
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        Assert.IsEmpty(diagnostics, string.Join(Environment.NewLine, diagnostics));
        return (driver.GetRunResult().Results.Single(), output);
    }

    private static CSharpCompilation Compile(params string[] sources) => CSharpCompilation.Create(
        "ModelProject" + Guid.NewGuid().ToString("N"),
        sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, s_parse, path: $"File{i}.cs")),
        s_references.Value,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    private static void AssertNoErrors(Compilation compilation, bool ignoreGeneratedApiUse = false)
    {
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error)
            // Before the generator runs, a file that uses the API it will generate cannot bind.
            .Where(d => !ignoreGeneratedApiUse || d.Id is not ("CS0103" or "CS1061"))
            .ToArray();
        Assert.IsEmpty(errors, string.Join(Environment.NewLine, errors.Select(e => e.ToString())));
    }

    /// <summary>
    /// The runtime's and this application's assemblies (ML.NET, Sdk.MlOps.Runtime and Inference, dependency
    /// injection among them), but not the tests', whose types are no model project's.
    /// </summary>
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(() =>
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(new[] { typeof(MulticlassClassificationModel<>), typeof(ModelPredictor<>), typeof(Microsoft.ML.MLContext), typeof(IServiceCollection) }
                .Select(t => t.Assembly.Location))
            .Where(p => !Path.GetFileName(p).Equals(Path.GetFileName(typeof(ModelApiGeneratorTests).Assembly.Location), StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.Ordinal);
        return [.. paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    });

    /// <summary>The analyzer config a model project's build passes: its MSBuild properties, as global options.</summary>
    private sealed class ModelProjectOptions(Dictionary<string, string> values) : AnalyzerConfigOptionsProvider
    {
        private static readonly Options s_none = new(new Dictionary<string, string>());

        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(values);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => s_none;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => s_none;

        private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
        }
    }
}
