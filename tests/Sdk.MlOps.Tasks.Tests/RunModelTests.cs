using System.Reflection;
using System.Text;
using Microsoft.Build.Framework;

namespace Sdk.MlOps.Tasks.Tests;

/// <summary>
/// RunModel starts a process; these tests cover what it does without one, reaching its protected and
/// private members by reflection because the class is sealed.
/// </summary>
[TestClass]
public sealed class RunModelTests
{
    private readonly TempDirectory _dir = new();
    private readonly RecordingBuildEngine _engine = new();
    private string _project = "";

    [TestInitialize]
    public void WriteProject() => _project = _dir.WriteProject("<MlMetricGate Include=\"MicroAccuracy\" Minimum=\"0.85\" />");

    [TestCleanup]
    public void Cleanup() => _dir.Dispose();

    [TestMethod]
    public void CommandLine_QuotesPathsWithSpaces()
    {
        var task = NewTask();
        task.ModelAssembly = "/models/my models/bin/Model.dll";
        task.RequestFile = "/models/my models/obj/mlops/train.request.json";

        Assert.AreEqual(
            "exec \"/models/my models/bin/Model.dll\" train \"/models/my models/obj/mlops/train.request.json\"",
            Invoke(task, "GenerateCommandLineCommands"));
    }

    [TestMethod]
    public void CommandLine_PutsTheCommandBetweenAssemblyAndRequest()
    {
        var task = NewTask();
        task.Command = "evaluate";

        Assert.MatchesRegex("^exec \"?/m/Model\\.dll\"? evaluate \"?/m/r\\.json\"?$", (string)Invoke(task, "GenerateCommandLineCommands")!);
    }

    [TestMethod]
    public void CommandLine_AppendsThePublishFolderQuoted()
    {
        var task = NewTask();
        task.Command = "publish";
        task.ModelAssembly = "/models/my models/bin/Model.dll";
        task.RequestFile = "/models/my models/obj/mlops/request.json";
        task.PublishDirectory = "/models/my models/bin/Release/net10.0/publish folder/";

        Assert.AreEqual(
            "exec \"/models/my models/bin/Model.dll\" publish \"/models/my models/obj/mlops/request.json\"" +
            " --publish \"/models/my models/bin/Release/net10.0/publish folder/\"",
            Invoke(task, "GenerateCommandLineCommands"));
    }

    [TestMethod]
    [DataRow("/a b/publish")]
    // The Publish targets pass a full PublishDir, which ends with a separator.
    [DataRow("/a b/bin/Release/net10.0/publish/")]
    [DataRow(@"C:\a b\bin\Release\net10.0\publish\")]
    public void CommandLine_SplitsBackIntoTheArgumentsTheModelProgramExpects(string publishDirectory)
    {
        var task = NewTask();
        task.Command = "publish";
        task.ModelAssembly = "/a b/Model.dll";
        task.RequestFile = "/a b/obj/request.json";
        task.PublishDirectory = publishDirectory;

        CollectionAssert.AreEqual(
            new[] { "exec", "/a b/Model.dll", "publish", "/a b/obj/request.json", "--publish", publishDirectory },
            SplitArguments((string)Invoke(task, "GenerateCommandLineCommands")!));
    }

    [TestMethod]
    public void ErrorLine_BecomesAnErrorWithCodeFileAndLine()
    {
        var task = NewTask();

        Output(task, "##mlops|error|MLOPS1004|/d.csv|12|0|bad value");

        var error = Assert.ContainsSingle(_engine.Errors);
        Assert.AreEqual("MLOPS1004", error.Code);
        Assert.AreEqual("/d.csv", error.File);
        Assert.AreEqual(12, error.LineNumber);
        Assert.AreEqual("bad value", error.Message);
        Assert.EndsWith("docs/errors.md#mlops1004", error.HelpLink);
    }

    [TestMethod]
    public void WarningLine_BecomesAWarning()
    {
        Output(NewTask(), "##mlops|warning|MLOPS2005|/p/Model.csproj|9|5|parameter | unused");

        var warning = Assert.ContainsSingle(_engine.Warnings);
        Assert.AreEqual("MLOPS2005", warning.Code);
        Assert.AreEqual(9, warning.LineNumber);
        Assert.AreEqual(5, warning.ColumnNumber);
        Assert.AreEqual("parameter | unused", warning.Message);
        Assert.IsEmpty(_engine.Errors);
    }

    [TestMethod]
    public void InfoLine_BecomesAHighImportanceMessage()
    {
        Output(NewTask(), "##mlops|info||||0|Trained in 1.2 s: MicroAccuracy 0.91");

        var message = Assert.ContainsSingle(_engine.Messages.Where(m => m.Message == "Trained in 1.2 s: MicroAccuracy 0.91"));
        Assert.AreEqual(MessageImportance.High, message.Importance);
        Assert.IsEmpty(_engine.Errors);
        Assert.IsEmpty(_engine.Warnings);
    }

    [TestMethod]
    public void ExitWithoutReportedError_IsMlops9001QuotingStandardError()
    {
        var task = NewTask();
        Output(task, "Unhandled exception. System.DllNotFoundException: libfoo", MessageImportance.Normal);

        Assert.IsFalse((bool)Invoke(task, "HandleTaskExecutionErrors")!);

        var error = Assert.ContainsSingle(_engine.Errors);
        Assert.AreEqual("MLOPS9001", error.Code);
        Assert.AreEqual(_project, error.File);
        Assert.Contains("System.DllNotFoundException: libfoo", error.Message!);
    }

    [TestMethod]
    public void ExitAfterAReportedError_AddsNoMlops9001()
    {
        var task = NewTask();
        Output(task, "##mlops|error|MLOPS2004||0|0|training failed");

        Assert.IsFalse((bool)Invoke(task, "HandleTaskExecutionErrors")!);

        Assert.AreEqual("MLOPS2004", Assert.ContainsSingle(_engine.Errors).Code);
    }

    private RunModel NewTask() => new()
    {
        BuildEngine = _engine,
        Command = "train",
        ModelAssembly = "/m/Model.dll",
        RequestFile = "/m/r.json",
        ProjectFile = _project,
    };

    /// <summary>A line the model program printed; stdout importance unless given.</summary>
    private static void Output(RunModel task, string line, MessageImportance importance = MessageImportance.Low) =>
        Invoke(task, "LogEventsFromTextOutput", line, importance);

    private static object? Invoke(object target, string method, params object[] args) =>
        target.GetType().GetMethod(method, BindingFlags.Instance | BindingFlags.NonPublic)!.Invoke(target, args);

    /// <summary>
    /// Splits a command line the way the started process sees it (.NET and the C runtime share these rules:
    /// quotes group, 2n backslashes before a quote are n backslashes, 2n+1 are n and a literal quote).
    /// </summary>
    private static string[] SplitArguments(string commandLine)
    {
        var args = new List<string>();
        var current = new StringBuilder();
        bool inQuotes = false, inArgument = false;
        for (int i = 0; i < commandLine.Length; i++)
        {
            char c = commandLine[i];
            if (c == '\\')
            {
                int count = 0;
                while (i < commandLine.Length && commandLine[i] == '\\') { count++; i++; }
                inArgument = true;
                if (i < commandLine.Length && commandLine[i] == '"')
                {
                    current.Append('\\', count / 2);
                    if (count % 2 == 1) current.Append('"');
                    else inQuotes = !inQuotes;
                }
                else
                {
                    current.Append('\\', count);
                    i--;
                }
            }
            else if (c == '"')
            {
                inArgument = true;
                if (inQuotes && i + 1 < commandLine.Length && commandLine[i + 1] == '"') { current.Append('"'); i++; }
                else inQuotes = !inQuotes;
            }
            else if (char.IsWhiteSpace(c) && !inQuotes)
            {
                if (inArgument) args.Add(current.ToString());
                current.Clear();
                inArgument = false;
            }
            else
            {
                current.Append(c);
                inArgument = true;
            }
        }

        if (inArgument) args.Add(current.ToString());
        return [.. args];
    }
}
