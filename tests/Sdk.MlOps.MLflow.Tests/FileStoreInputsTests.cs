using Sdk.MlOps.MLflow;

namespace Sdk.MlOps.MLflow.Tests;

/// <summary>
/// Dataset inputs in the file store: the layout of MLflow 2.12.2's file_store.py <c>log_inputs</c> byte for byte,
/// read back by GetRun and SearchRuns, logged once however often they are logged, and what MLflow itself wrote read.
/// </summary>
[TestClass]
public sealed class FileStoreInputsTests
{
    /// <summary>IDs a real 2.12.2 server derived (file store, runs/log-inputs) for this name, digest and run.</summary>
    private const string IssuesDatasetId = "2dc9f4df9726b9ed99202ff2a7b2ecaa";
    private const string MlflowRunId = "1b0488d019e148aab6b591b54297405a";
    private const string MlflowInputId = "30eddd145995a1c30570c83ea181dbc2";

    private static readonly MlflowDataset Issues = new("corefx-issues", "12345678", "local", """{"uri": "data/corefx-issues.tsv"}""",
        Schema: """{"mlflow_colspec": [{"type": "string", "name": "Title"}]}""");

    private readonly TempMlruns _mlruns = new();

    [TestCleanup]
    public void Cleanup() => _mlruns.Dispose();

    private async Task<(FileStore Store, string Experiment, string Run)> NewRun(string runName = "r")
    {
        var store = _mlruns.Open();
        var exp = (await store.GetExperimentByNameAsync("exp"))?.ExperimentId ?? await store.CreateExperimentAsync("exp");
        var run = await store.CreateRunAsync(exp, runName, FixedTime.Start);
        return (store, exp, run.Info.RunId);
    }

    [TestMethod]
    public void IdsAreMlflowsMd5s()
    {
        Assert.AreEqual(IssuesDatasetId, FileStore.DatasetId("corefx-issues", "12345678"));
        Assert.AreEqual(MlflowInputId, FileStore.InputId(IssuesDatasetId, MlflowRunId));
    }

    [TestMethod]
    public async Task DatasetAndInputFilesAreMlflows()
    {
        var (store, exp, run) = await NewRun();

        await store.LogInputsAsync(run, [
            DatasetInput.WithContext(Issues, "training"),
            new DatasetInput(new MlflowDataset("n2", "d2", "s", "src", Profile: """{"num_rows": 5}"""), new Dictionary<string, string> { ["x"] = "", ["a:b"] = "yes" }),
        ]);

        var n2Id = FileStore.DatasetId("n2", "d2");
        CollectionAssert.AreEquivalent(new[] { IssuesDatasetId, n2Id }, Directory.GetDirectories(Path.Combine(_mlruns.Root, exp, "datasets")).Select(Path.GetFileName).ToArray());
        Assert.AreEqual(
            """
            digest: '12345678'
            name: corefx-issues
            profile: null
            schema: '{"mlflow_colspec": [{"type": "string", "name": "Title"}]}'
            source: '{"uri": "data/corefx-issues.tsv"}'
            source_type: local

            """, _mlruns.Read(exp, "datasets", IssuesDatasetId, "meta.yaml"));
        Assert.AreEqual(
            """
            digest: d2
            name: n2
            profile: '{"num_rows": 5}'
            schema: null
            source: src
            source_type: s

            """, _mlruns.Read(exp, "datasets", n2Id, "meta.yaml"));

        var issuesInput = FileStore.InputId(IssuesDatasetId, run);
        var n2Input = FileStore.InputId(n2Id, run);
        CollectionAssert.AreEquivalent(new[] { issuesInput, n2Input }, Directory.GetDirectories(Path.Combine(_mlruns.Root, exp, run, "inputs")).Select(Path.GetFileName).ToArray());
        Assert.AreEqual(
            $"""
            destination_id: {Plain(run)}
            destination_type: RUN
            source_id: {Plain(IssuesDatasetId)}
            source_type: DATASET
            tags:
              mlflow.data.context: training

            """, _mlruns.Read(exp, run, "inputs", issuesInput, "meta.yaml"));
        Assert.AreEqual(
            $"""
            destination_id: {Plain(run)}
            destination_type: RUN
            source_id: {Plain(n2Id)}
            source_type: DATASET
            tags:
              a:b: 'yes'
              x: ''

            """, _mlruns.Read(exp, run, "inputs", n2Input, "meta.yaml"));
        Assert.AreEqual("tags: {}\n", MetaYaml.Format(new Dictionary<string, object?> { ["tags"] = new Dictionary<string, string>() }));
    }

    [TestMethod]
    public async Task GetRunAndSearchRunsReadInputsBack()
    {
        var (store, exp, run) = await NewRun();
        var withProfile = new DatasetInput(new MlflowDataset("n2", "d2", "s", "src", Profile: "{}"), new Dictionary<string, string> { ["k"] = "v", [DatasetInput.ContextTag] = "eval" });

        await store.LogInputsAsync(run, [DatasetInput.WithContext(Issues, "training"), withProfile]);
        var read = await store.GetRunAsync(run);
        var found = (await store.SearchRunsAsync([exp])).Items.Single();

        foreach (var inputs in new[] { read.Inputs.DatasetInputs, found.Inputs.DatasetInputs })
        {
            Assert.HasCount(2, inputs);
            var training = inputs.Single(i => i.Dataset.Name == "corefx-issues");
            Assert.AreEqual(Issues, training.Dataset);
            CollectionAssert.AreEqual(new Dictionary<string, string> { [DatasetInput.ContextTag] = "training" }, training.Tags.ToDictionary());
            var other = inputs.Single(i => i.Dataset.Name == "n2");
            Assert.AreEqual(withProfile.Dataset, other.Dataset);
            CollectionAssert.AreEquivalent(withProfile.Tags.ToArray(), other.Tags.ToArray());
        }
        Assert.IsEmpty((await store.CreateRunAsync(exp, "fresh", FixedTime.Start)).Inputs.DatasetInputs);
    }

    [TestMethod]
    public async Task LoggingAgainChangesNothingAndTheFirstStays()
    {
        var (store, exp, run) = await NewRun();
        await store.LogInputsAsync(run, [DatasetInput.WithContext(Issues, "training")]);
        var datasetMeta = _mlruns.Read(exp, "datasets", IssuesDatasetId, "meta.yaml");
        var inputMeta = _mlruns.Read(exp, run, "inputs", FileStore.InputId(IssuesDatasetId, run), "meta.yaml");

        // Same name and digest, other fields and tags; and the list repeats it.
        var changed = DatasetInput.WithContext(Issues with { Source = "elsewhere", Schema = null, Profile = "{}" }, "evaluation");
        await store.LogInputsAsync(run, [changed, changed, DatasetInput.WithContext(Issues, "training")]);

        Assert.AreEqual(datasetMeta, _mlruns.Read(exp, "datasets", IssuesDatasetId, "meta.yaml"));
        Assert.AreEqual(inputMeta, _mlruns.Read(exp, run, "inputs", FileStore.InputId(IssuesDatasetId, run), "meta.yaml"));
        Assert.HasCount(1, Directory.GetDirectories(Path.Combine(_mlruns.Root, exp, "datasets")));
        Assert.HasCount(1, Directory.GetDirectories(Path.Combine(_mlruns.Root, exp, run, "inputs")));
        var input = (await store.GetRunAsync(run)).Inputs.DatasetInputs.Single();
        Assert.AreEqual(Issues, input.Dataset);
        Assert.AreEqual("training", input.Tags[DatasetInput.ContextTag]);
    }

    [TestMethod]
    public async Task RunsOfAnExperimentShareTheDatasetAndEachHasItsInput()
    {
        var (store, exp, first) = await NewRun("first");
        var (_, _, second) = await NewRun("second");

        await store.LogInputsAsync(first, [DatasetInput.WithContext(Issues, "training")]);
        await store.LogInputsAsync(second, [DatasetInput.WithContext(Issues with { Source = "ignored" }, "evaluation")]);

        Assert.HasCount(1, Directory.GetDirectories(Path.Combine(_mlruns.Root, exp, "datasets")));
        Assert.AreEqual("training", (await store.GetRunAsync(first)).Inputs.DatasetInputs.Single().Tags[DatasetInput.ContextTag]);
        var secondInput = (await store.GetRunAsync(second)).Inputs.DatasetInputs.Single();
        Assert.AreEqual("evaluation", secondInput.Tags[DatasetInput.ContextTag]);
        Assert.AreEqual(Issues.Source, secondInput.Dataset.Source, "the dataset is the experiment's, as first logged");
    }

    [TestMethod]
    public async Task WritersRacingOnOneDatasetLogItOnce()
    {
        var (_, exp, run) = await NewRun();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => _mlruns.Open().LogInputsAsync(run, [DatasetInput.WithContext(Issues, "training")]))));

        Assert.HasCount(1, Directory.GetFileSystemEntries(Path.Combine(_mlruns.Root, exp, "datasets")));
        Assert.HasCount(1, Directory.GetFileSystemEntries(Path.Combine(_mlruns.Root, exp, run, "inputs")));
        Assert.HasCount(1, (await _mlruns.Open().GetRunAsync(run)).Inputs.DatasetInputs);
        Assert.IsFalse(Directory.GetFileSystemEntries(Path.Combine(_mlruns.Root, exp, run)).Any(e => Path.GetFileName(e).StartsWith('.')), "no scratch left in the run folder");
    }

    [TestMethod]
    public async Task AnInvalidInputWritesNothing()
    {
        var (store, exp, run) = await NewRun();

        await MlflowAssert.FailsWith(MlflowException.ErrorCodes.InvalidParameterValue, () => store.LogInputsAsync(run,
            [DatasetInput.WithContext(Issues, "training"), DatasetInput.WithContext(Issues with { Digest = new string('d', Limits.MaxDatasetDigestLength + 1) }, "training")]));
        await MlflowAssert.FailsWith(MlflowException.ErrorCodes.InvalidParameterValue, () => store.LogInputsAsync(run,
            [new DatasetInput(Issues, new Dictionary<string, string> { ["k"] = new string('v', Limits.MaxInputTagValueLength + 1) })]));

        Assert.IsFalse(Directory.Exists(Path.Combine(_mlruns.Root, exp, "datasets")));
        Assert.IsFalse(Directory.Exists(Path.Combine(_mlruns.Root, exp, run, "inputs")));
    }

    [TestMethod]
    public async Task AnAbsentRunFails()
    {
        var store = _mlruns.Open();

        await MlflowAssert.FailsWith(MlflowException.ErrorCodes.ResourceDoesNotExist,
            () => store.LogInputsAsync("0123456789abcdef0123456789abcdef", [DatasetInput.WithContext(Issues, "training")]));
    }

    /// <summary>
    /// Files as the 2.12.2 server wrote them (runs/log-inputs on a file store, REST: '' for an unset schema or profile,
    /// the dataset ID as destination_id), plus what PyYAML writes for an input tag key of 128 characters or more, and
    /// the entries MLflow skips: an input of another kind, one whose dataset is gone, a folder not yet written.
    /// </summary>
    [TestMethod]
    public async Task ReadsWhatMlflowWrote()
    {
        var (store, exp, run) = await NewRun();
        var longKey = new string('k', 130);
        var folded = string.Join(' ', Enumerable.Repeat("w", 37));
        var datasets = Path.Combine(_mlruns.Root, exp, "datasets");
        Write(Path.Combine(datasets, IssuesDatasetId, "meta.yaml"), """
            digest: '12345678'
            name: corefx-issues
            profile: ''
            schema: '{"mlflow_colspec": [{"type": "string", "name": "Title"}, {"type": "string",
              "name": "Body"}]}'
            source: '{"uri": "data/x.tsv"}'
            source_type: local
            """);
        var inputs = Path.Combine(_mlruns.Root, exp, run, "inputs");
        Write(Path.Combine(inputs, FileStore.InputId(IssuesDatasetId, run), "meta.yaml"), $"""
            destination_id: {IssuesDatasetId}
            destination_type: RUN
            source_id: {IssuesDatasetId}
            source_type: DATASET
            tags:
              ? {longKey}
              : v
              mlflow.data.context: training
              long: '{folded}
                w w'
              n: '0123'
              x: ''
            """);
        Write(Path.Combine(inputs, "a" + new string('0', 31), "meta.yaml"), "destination_id: x\ndestination_type: RUN\nsource_id: m-1\nsource_type: MODEL\ntags: {}\n");
        Write(Path.Combine(inputs, "b" + new string('0', 31), "meta.yaml"), "destination_id: x\ndestination_type: RUN\nsource_id: 99999999999999999999999999999999\nsource_type: DATASET\ntags: {}\n");
        Write(Path.Combine(inputs, "c" + new string('0', 31), "meta.yaml"), "destination_id: x\ndestination_type: RUN\nsource_id: ../../../x\nsource_type: DATASET\ntags: {}\n");
        Directory.CreateDirectory(Path.Combine(inputs, "d" + new string('0', 31)));

        var input = (await store.GetRunAsync(run)).Inputs.DatasetInputs.Single();

        Assert.AreEqual(new MlflowDataset("corefx-issues", "12345678", "local", """{"uri": "data/x.tsv"}""",
            """{"mlflow_colspec": [{"type": "string", "name": "Title"}, {"type": "string", "name": "Body"}]}""", null), input.Dataset);
        CollectionAssert.AreEquivalent(new Dictionary<string, string>
        {
            [longKey] = "v",
            [DatasetInput.ContextTag] = "training",
            ["long"] = folded + " w w",
            ["n"] = "0123",
            ["x"] = "",
        }.ToArray(), input.Tags.ToArray());
    }

    [TestMethod]
    public async Task ADamagedInputIsReportedWithItsPath()
    {
        var (store, exp, run) = await NewRun();
        await store.LogInputsAsync(run, [DatasetInput.WithContext(Issues, "training")]);
        var meta = Path.Combine(_mlruns.Root, exp, run, "inputs", FileStore.InputId(IssuesDatasetId, run), "meta.yaml");
        File.WriteAllText(meta, $"source_id: {IssuesDatasetId}\nsource_type: DATASET\ntags: [a, b]\n");

        var error = await MlflowAssert.FailsWith(MlflowException.ErrorCodes.DataLoss, () => store.GetRunAsync(run));

        StringAssert.Contains(error.Message, meta);
    }

    /// <summary>How MetaYaml writes a bare ID: quoted when it starts with a digit (it could read as a number), plain otherwise.</summary>
    private static string Plain(string id) => char.IsAsciiDigit(id[0]) ? $"'{id}'" : id;

    private static void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text + "\n");
    }
}
