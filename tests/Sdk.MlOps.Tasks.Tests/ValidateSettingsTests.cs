namespace Sdk.MlOps.Tasks.Tests;

[TestClass]
public sealed class ValidateSettingsTests
{
    private readonly TempDirectory _dir = new();

    [TestCleanup]
    public void Cleanup() => _dir.Dispose();

    [TestMethod]
    public void DefaultsPass()
    {
        var (task, engine) = Task(_dir.WriteProject());
        Assert.IsTrue(task.Execute(), engine.ErrorSummary);
    }

    [TestMethod]
    [DataRow("MlOpsSeed", "forty-two", "MLOPS1011")]
    [DataRow("MlOpsSeed", "-1", "MLOPS1011")]
    [DataRow("MlOpsCacheSizeLimitMB", "1.5", "MLOPS1013")]
    [DataRow("MlOpsCacheSizeLimitMB", "0", "MLOPS1013")]
    [DataRow("MlOpsModelFileName", "../../x.zip", "MLOPS1014")]
    [DataRow("MlOpsModelFileName", "models/x.zip", "MLOPS1014")]
    [DataRow("MlOpsCache", "yes", "MLOPS1012")]
    [DataRow("MlOpsPromote", "WhenBeter", "MLOPS1012")]
    [DataRow("MlOpsServe", "on", "MLOPS1012")]
    [DataRow("MlOpsServeImage", "Ops/Triage:1.0", "MLOPS7002")]
    [DataRow("MlOpsServeImage", "triage:1.2.3+abc", "MLOPS7002")]
    public void AWrongValue_IsCodedAtThePropertysLine(string property, string value, string code)
    {
        var project = _dir.Write("Model.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <{property}>{value}</{property}>
              </PropertyGroup>
            </Project>
            """);
        var (task, engine) = Task(project, t =>
        {
            if (property == "MlOpsSeed") t.Seed = value;
            else if (property == "MlOpsCacheSizeLimitMB") t.CacheSizeLimitMB = value;
            else if (property == "MlOpsModelFileName") t.ModelFileName = value;
            else if (property == "MlOpsPromote") t.Promote = value;
            else if (property == "MlOpsServeImage") t.ServeImage = value;
            else t.Switches = [$"{property}={value}", "MlOpsTracking=true"];
        });

        Assert.IsFalse(task.Execute());
        var error = engine.Errors.Single();
        Assert.AreEqual(code, error.Code);
        Assert.AreEqual(project, error.File);
        Assert.AreEqual(4, error.LineNumber, error.Message);
        StringAssert.Contains(error.Message, property);
    }

    [TestMethod]
    public void AValueFromTheCommandLine_PointsAtTheProjectFile()
    {
        var (task, engine) = Task(_dir.WriteProject(), t => t.Seed = "x");

        Assert.IsFalse(task.Execute());
        Assert.AreEqual(0, engine.Errors.Single().LineNumber);
    }

    [TestMethod]
    [DataRow("true")]
    [DataRow("False")]
    [DataRow("WhenBetter")]
    [DataRow(" whenbetter ")]
    public void PromoteIsTrueFalseOrWhenBetter(string value)
    {
        var (task, engine) = Task(_dir.WriteProject(), t => t.Promote = value);
        Assert.IsTrue(task.Execute(), engine.ErrorSummary);
    }

    [TestMethod]
    [DataRow("triage:1.2.3")]
    [DataRow("registry.example.com:5000/ops/incident-triage:1.2.3-beta.4")]
    [DataRow("ops/triage")]
    public void AContainerImageReferencePasses(string image)
    {
        var (task, engine) = Task(_dir.WriteProject(), t => t.ServeImage = image);
        Assert.IsTrue(task.Execute(), engine.ErrorSummary);
    }

    [TestMethod]
    public void ControlCharactersAreNeverEchoedRaw()
    {
        var (task, engine) = Task(_dir.WriteProject(), t => t.Seed = "4\u00012");

        Assert.IsFalse(task.Execute());
        StringAssert.Contains(engine.Errors.Single().Message, "\\u0001");
    }

    private static (ValidateSettings Task, RecordingBuildEngine Engine) Task(string project, Action<ValidateSettings>? change = null)
    {
        var engine = new RecordingBuildEngine();
        var task = new ValidateSettings
        {
            BuildEngine = engine,
            ProjectFile = project,
            Seed = "42",
            CacheSizeLimitMB = "10240",
            ModelFileName = "Model.zip",
            Promote = "false",
            Switches = ["MlOpsCache=true", "MlOpsTracking=False"],
        };
        change?.Invoke(task);
        return (task, engine);
    }
}
