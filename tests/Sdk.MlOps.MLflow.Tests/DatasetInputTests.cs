using System.Text.Json.Nodes;

namespace Sdk.MlOps.MLflow.Tests;

/// <summary>runs/log-inputs over REST: MLflow 2.12.2's request shape, the limits checked before sending, run.inputs read back.</summary>
[TestClass]
public sealed class DatasetInputTests : FakeServerTest
{
    private static readonly MlflowDataset Issues = new("corefx-issues", "12345678", "local", """{"uri": "data/corefx-issues.tsv"}""",
        Schema: """{"mlflow_colspec": [{"type": "string", "name": "Title"}]}""");

    [TestMethod]
    public async Task LogInputsSendsMlflowsJsonAndGetRunReadsItBack()
    {
        var run = await TestSupport.NewRunAsync(Client);

        await Client.LogInputsAsync(run.Info.RunId, [DatasetInput.WithContext(Issues, "training")]);
        var read = await Client.GetRunAsync(run.Info.RunId);

        var request = Server.RequestsTo("POST", "runs/log-inputs").Single();
        Assert.AreEqual("application/json", request.ContentType);
        // The profile is null, so it is left out, as proto JSON leaves out an unset field.
        var expected = JsonNode.Parse($$$"""
            {"run_id": "{{{run.Info.RunId}}}",
             "datasets": [{"tags": [{"key": "mlflow.data.context", "value": "training"}],
                           "dataset": {"name": "corefx-issues", "digest": "12345678", "source_type": "local",
                                       "source": "{\"uri\": \"data/corefx-issues.tsv\"}",
                                       "schema": "{\"mlflow_colspec\": [{\"type\": \"string\", \"name\": \"Title\"}]}"}}]}
            """);
        Assert.IsTrue(JsonNode.DeepEquals(expected, JsonNode.Parse(request.Text)), request.Text);
        var input = read.Inputs.DatasetInputs.Single();
        Assert.AreEqual(Issues, input.Dataset);
        CollectionAssert.AreEqual(new Dictionary<string, string> { [DatasetInput.ContextTag] = "training" }, input.Tags.ToDictionary());
    }

    [TestMethod]
    public async Task SearchRunsReadsInputsAndARunWithoutThemHasNone()
    {
        var run = await TestSupport.NewRunAsync(Client);
        var other = await TestSupport.NewRunAsync(Client, runName: "r2");
        await Client.LogInputsAsync(run.Info.RunId, [new DatasetInput(Issues with { Profile = """{"num_rows": 5}""" }, new Dictionary<string, string>())]);

        var found = await Client.SearchRunsAsync([run.Info.ExperimentId]);

        var withInput = found.Items.Single(r => r.Info.RunId == run.Info.RunId).Inputs.DatasetInputs.Single();
        Assert.AreEqual("""{"num_rows": 5}""", withInput.Dataset.Profile);
        Assert.IsEmpty(withInput.Tags);
        Assert.IsEmpty(found.Items.Single(r => r.Info.RunId == other.Info.RunId).Inputs.DatasetInputs);
        Assert.IsEmpty((await Client.GetRunAsync(other.Info.RunId)).Inputs.DatasetInputs);
    }

    [TestMethod]
    public async Task AnEmptyListSendsNothing()
    {
        var run = await TestSupport.NewRunAsync(Client);

        await Client.LogInputsAsync(run.Info.RunId, []);

        Assert.IsEmpty(Server.RequestsTo("POST", "runs/log-inputs"));
    }

    [TestMethod]
    public async Task MoreThanAThousandDatasetsGoInRequestsOfAThousand()
    {
        var run = await TestSupport.NewRunAsync(Client);
        var inputs = Enumerable.Range(0, 2001).Select(i => DatasetInput.WithContext(Issues with { Digest = $"d{i}" }, "training")).ToList();

        await Client.LogInputsAsync(run.Info.RunId, inputs);

        CollectionAssert.AreEqual(new[] { 1000, 1000, 1 }, Server.State.LogInputsCalls.Select(c => c.Objects("datasets").Count()).ToArray());
        Assert.HasCount(2001, (await Client.GetRunAsync(run.Info.RunId)).Inputs.DatasetInputs);
    }

    [TestMethod]
    [DataRow("name", Limits.MaxDatasetNameLength)]
    [DataRow("digest", Limits.MaxDatasetDigestLength)]
    [DataRow("source", Limits.MaxDatasetSourceLength)]
    [DataRow("schema", Limits.MaxDatasetSchemaLength)]
    [DataRow("profile", Limits.MaxDatasetProfileLength)]
    [DataRow("tag key", Limits.MaxInputTagKeyLength)]
    [DataRow("tag value", Limits.MaxInputTagValueLength)]
    public async Task AValueOverMlflowsLimitSendsNothing(string field, int limit)
    {
        var run = await TestSupport.NewRunAsync(Client);
        var fits = Overlong(field, limit);
        var over = Overlong(field, limit + 1);

        await Client.LogInputsAsync(run.Info.RunId, [fits]);
        var error = await MlflowAssert.FailsWith(MlflowException.ErrorCodes.InvalidParameterValue,
            () => Client.LogInputsAsync(run.Info.RunId, [DatasetInput.WithContext(Issues, "training"), over]));

        StringAssert.Contains(error.Message, field.StartsWith("tag", StringComparison.Ordinal) ? "input tag" : $"its {field} has {limit + 1} characters");
        Assert.HasCount(1, Server.RequestsTo("POST", "runs/log-inputs"), "the call that fits went out, the other did not");
        Assert.IsLessThan(400, error.Message.Length, "an overlong value is not echoed");
    }

    [TestMethod]
    [DataRow("name")]
    [DataRow("digest")]
    [DataRow("source_type")]
    [DataRow("source")]
    public async Task ARequiredFieldLeftEmptySendsNothing(string field)
    {
        var run = await TestSupport.NewRunAsync(Client);
        var dataset = field switch
        {
            "name" => Issues with { Name = "" },
            "digest" => Issues with { Digest = "" },
            "source_type" => Issues with { SourceType = "" },
            _ => Issues with { Source = "" },
        };

        var error = await MlflowAssert.FailsWith(MlflowException.ErrorCodes.InvalidParameterValue,
            () => Client.LogInputsAsync(run.Info.RunId, [DatasetInput.WithContext(dataset, "training")]));

        StringAssert.Contains(error.Message, $"its {field} is required");
        Assert.IsEmpty(Server.RequestsTo("POST", "runs/log-inputs"));
    }

    [TestMethod]
    public async Task InputsAsServersSendThemAreRead()
    {
        // 2.12 answers '' for a schema or profile that was logged over REST without one; 3.x adds fields.
        Server.Faults.Add("GET", "runs/get", new Fault.Raw(200, """
            {"run":{"info":{"run_id":"abc","experiment_id":"7"},
                    "inputs":{"dataset_inputs":[
                        {"tags":[{"key":"mlflow.data.context","value":"eval"},{"key":"empty"}],
                         "dataset":{"name":"n","digest":"d","source_type":"s","source":"src","schema":"","profile":"{}","future":1}},
                        {"dataset":{"name":"m","digest":"e","source_type":"s","source":"src"}}],
                      "model_inputs":[{"model_id":"m-1"}]}}}
            """));

        var inputs = (await Client.GetRunAsync("abc")).Inputs.DatasetInputs;

        Assert.HasCount(2, inputs);
        Assert.AreEqual(new MlflowDataset("n", "d", "s", "src", null, "{}"), inputs[0].Dataset);
        Assert.AreEqual("eval", inputs[0].Tags[DatasetInput.ContextTag]);
        Assert.AreEqual("", inputs[0].Tags["empty"]);
        Assert.AreEqual(new MlflowDataset("m", "e", "s", "src"), inputs[1].Dataset);
        Assert.IsEmpty(inputs[1].Tags);
    }

    [TestMethod]
    public async Task ARetriedRequestLogsOnce()
    {
        var run = await TestSupport.NewRunAsync(Client);
        Server.Faults.Add("POST", "runs/log-inputs", new Fault.DropAfterProcessing());

        await Client.LogInputsAsync(run.Info.RunId, [DatasetInput.WithContext(Issues, "training")]);

        Assert.HasCount(2, Server.RequestsTo("POST", "runs/log-inputs"));
        Assert.HasCount(1, (await Client.GetRunAsync(run.Info.RunId)).Inputs.DatasetInputs);
    }

    private static DatasetInput Overlong(string field, int length)
    {
        var text = new string('x', length);
        return field switch
        {
            "name" => DatasetInput.WithContext(Issues with { Name = text }, "training"),
            "digest" => DatasetInput.WithContext(Issues with { Digest = text }, "training"),
            "source" => DatasetInput.WithContext(Issues with { Source = text }, "training"),
            "schema" => DatasetInput.WithContext(Issues with { Schema = text }, "training"),
            "profile" => DatasetInput.WithContext(Issues with { Profile = text }, "training"),
            "tag key" => new DatasetInput(Issues, new Dictionary<string, string> { [text] = "v" }),
            _ => new DatasetInput(Issues, new Dictionary<string, string> { ["k"] = text }),
        };
    }
}
