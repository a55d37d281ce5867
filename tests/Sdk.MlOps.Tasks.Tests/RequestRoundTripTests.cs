extern alias engine;
using System.Collections;
using System.Reflection;
using EngineRequest = engine::Sdk.MlOps.Protocol.Request;

namespace Sdk.MlOps.Tasks.Tests;

/// <summary>
/// The request as the tasks write it and the engine reads it: both sides compile the same request classes, and
/// every property set here must arrive, so a field one side forgets fails here rather than in a user's build.
/// </summary>
[TestClass]
public sealed class RequestRoundTripTests
{
    private readonly TempDirectory _dir = new();

    [TestCleanup]
    public void Cleanup() => _dir.Dispose();

    [TestMethod]
    public void EveryFieldTheTasksWrite_TheEngineReads()
    {
        var written = (Request)Fill(typeof(Request), "request");
        written.ProtocolVersion = ProtocolVersion.Current;
        var path = _dir.Combine("request.json");
        File.WriteAllText(path, RequestWriter.Write(written));

        var read = EngineRequest.Load(path);

        AssertSame(written, read, "request");
    }

    [TestMethod]
    public void TheTaskStampsTheProtocolVersion()
    {
        var project = _dir.WriteProject("<MlMetricGate Include=\"MicroAccuracy\" Minimum=\"0.85\" />");
        var task = new WriteModelRequest
        {
            BuildEngine = new RecordingBuildEngine(),
            RequestFile = _dir.Combine("obj/mlops/request.json"),
            ProjectFile = project,
            ModelName = "Triage",
            ModelPath = "/m/bin/Triage.zip",
            TrainingReportPath = "/m/bin/Triage.training.json",
            EvaluationReportPath = "/m/obj/Triage.evaluation.json",
            Gates = [new Microsoft.Build.Utilities.TaskItem("MicroAccuracy", new Dictionary<string, string> { ["Minimum"] = "0.85" })],
        };
        Assert.IsTrue(task.Execute());

        var read = EngineRequest.Load(task.RequestFile);

        Assert.AreEqual(ProtocolVersion.Current, read.ProtocolVersion);
        Assert.AreEqual(0.85, read.Gates.Single().Minimum);
        Assert.AreEqual(TempDirectory.LineOf(project, "\"MicroAccuracy\""), read.Gates.Single().Line);
    }

    /// <summary>An instance whose every settable property differs from its default, recursively.</summary>
    private static object Fill(Type type, string path)
    {
        var instance = Activator.CreateInstance(type)!;
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
            p.SetValue(instance, Other(p.PropertyType, p.GetValue(instance), path + "." + p.Name));
        return instance;
    }

    private static object Other(Type type, object? current, string path)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(string)) return path + " \"é\\|\n";
        if (underlying == typeof(bool)) return !(bool)(current ?? false);
        if (underlying == typeof(int)) return (int)(current ?? 0) + path.Length;
        if (underlying == typeof(long)) return (long)(current ?? 0L) + 10_000_000_000L + path.Length;
        if (underlying == typeof(double)) return (double)(current ?? 0d) + 0.125 + path.Length / 1024d;
        if (underlying.IsGenericType && underlying.GetGenericTypeDefinition() == typeof(List<>))
        {
            var list = (IList)Activator.CreateInstance(underlying)!;
            list.Add(Fill(underlying.GetGenericArguments()[0], path + "[0]"));
            return list;
        }

        Assert.IsTrue(underlying.IsClass, $"{path}: {underlying} has no test value; add one here.");
        return Fill(underlying, path);
    }

    /// <summary>Every property of the tasks' side has the same value on the engine's side.</summary>
    private static void AssertSame(object? written, object? read, string path)
    {
        Assert.IsNotNull(written, path);
        Assert.IsNotNull(read, path);
        var type = written.GetType();
        if (type == typeof(string) || type.IsValueType)
        {
            Assert.AreEqual(written, read, path);
            return;
        }

        if (written is IList writtenList)
        {
            var readList = (IList)read;
            Assert.HasCount(writtenList.Count, readList, path);
            for (int i = 0; i < writtenList.Count; i++) AssertSame(writtenList[i], readList[i], $"{path}[{i}]");
            return;
        }

        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var other = read.GetType().GetProperty(p.Name);
            Assert.IsNotNull(other, $"{path}.{p.Name} is missing on the engine's side");
            AssertSame(p.GetValue(written), other.GetValue(read), $"{path}.{p.Name}");
        }
    }
}
