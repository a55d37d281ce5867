using System.Net;
using System.Text;

namespace Sdk.MlOps.Serving.Tests;

/// <summary>Malformed requests: 400 (413 for size) with an error naming the field and the reason, and nothing else.</summary>
[TestClass]
public sealed class ValidationTests
{
    private static ServingHost _host = null!;

    [ClassInitialize]
    public static async Task Start(TestContext context) => _host = await ServingHost.Start(new()
    {
        ["MlOps:Serving:MaxBatchSize"] = "3",
        ["MlOps:Serving:MaxRequestBodyBytes"] = "4096",
    });

    [ClassCleanup]
    public static async Task Stop() => await _host.DisposeAsync();

    [TestMethod]
    [DataRow("""{"title": "x", "description": "y", "priority": 1}""", "unknown field 'priority'")]
    [DataRow("""{"title": "x"}""", "missing field 'Description'")]
    [DataRow("""{"title": 42, "description": "y"}""", "field 'Title': expected a string, got a number")]
    [DataRow("""{"title": null, "description": "y"}""", "field 'Title': expected a string, got null")]
    [DataRow("""{"title": "x", "title": "z", "description": "y"}""", "field 'Title' is given twice")]
    [DataRow("""[]""", "batch is empty")]
    [DataRow("""[{"title": "x", "description": "y"}, 7]""", "row 1: expected an object")]
    [DataRow("""[{"title": "x", "description": "y"}, {"title": "x"}]""", "row 1: missing field 'Description'")]
    [DataRow("""[{"title":"a","description":"b"},{"title":"a","description":"b"},{"title":"a","description":"b"},{"title":"a","description":"b"}]""", "4 rows, more than the limit of 3")]
    [DataRow("""{"title": "x", """, "not valid JSON")]
    [DataRow("""   """, "not valid JSON")]
    [DataRow("""xyz""", "not valid JSON")]
    [DataRow("", "has no body")]
    [DataRow("""  "text" """, "The body is a string")]
    public async Task Predict_triage(string body, string expected) =>
        StringAssert.Contains(await (await _host.PostJson("/predict/triage", body)).Error(400), expected);

    [TestMethod]
    [DataRow("""{"cpu": "hot", "memoryGb": 1, "errors": 1, "requests": 1, "weekend": false, "load": [0, 0, 0]}""", "field 'Cpu': expected a number, got a string")]
    [DataRow("""{"cpu": 1, "memoryGb": 1, "errors": 1.5, "requests": 1, "weekend": false, "load": [0, 0, 0]}""", "field 'Errors': expected a 32-bit integer, got a number that is not one")]
    [DataRow("""{"cpu": 1, "memoryGb": 1, "errors": 1, "requests": 1, "weekend": "no", "load": [0, 0, 0]}""", "field 'Weekend': expected a boolean, got a string")]
    [DataRow("""{"cpu": 1, "memoryGb": 1, "errors": 1, "requests": 1, "weekend": false, "load": [0, 0]}""", "field 'Load': expected an array of 3 numbers, got 2")]
    [DataRow("""{"cpu": 1, "memoryGb": 1, "errors": 1, "requests": 1, "weekend": false, "load": [0, "x", 0]}""", "field 'Load': [1]: expected a number, got a string")]
    [DataRow("""{"cpu": 1e300, "memoryGb": 1, "errors": 1, "requests": 1, "weekend": false, "load": [0, 0, 0]}""", "field 'Cpu': expected a number, got a number out of its range")]
    public async Task Predict_failure(string body, string expected) =>
        StringAssert.Contains(await (await _host.PostJson("/predict/failure", body)).Error(400), expected);

    [TestMethod]
    [DataRow("0")]
    [DataRow("two")]
    [DataRow("-1")]
    public async Task Top_must_be_a_positive_whole_number(string top) =>
        StringAssert.Contains(await (await _host.PostJson($"/predict/triage?top={top}", """{"title": "x", "description": "y"}""")).Error(400), "'top'");

    [TestMethod]
    [DataRow("""[1, 2]""", "The body is an array")]
    [DataRow("""{"id": 5, "inputs": []}""", "id: expected a string")]
    [DataRow("""{"inputs": []}""", "inputs: expected a non-empty array")]
    [DataRow("""{"inputs": [{"name": "Titel", "shape": [1], "datatype": "BYTES", "data": ["x"]}]}""", "inputs[0]: unknown input 'Titel'; the model's inputs are: Title, Description")]
    [DataRow("""{"inputs": [{"name": "Title", "shape": [1], "datatype": "BYTES", "data": ["x"]}]}""", "missing input 'Description' (BYTES, shape [-1])")]
    [DataRow("""{"inputs": [{"name": "Title", "shape": [1], "datatype": "FP32", "data": [1]}]}""", "input 'Title': datatype FP32 does not match the model's BYTES")]
    [DataRow("""{"inputs": [{"name": "Title", "shape": [1, 2], "datatype": "BYTES", "data": ["x", "y"]}]}""", "input 'Title': shape [1, 2] does not fit the model's column: expected [n] or [n, 1]")]
    [DataRow("""{"inputs": [{"name": "Title", "shape": [2], "datatype": "BYTES", "data": ["x"]}]}""", "input 'Title': shape [2] needs 2 values, data has 1")]
    [DataRow("""{"inputs": [{"name": "Title", "shape": [1], "datatype": "BYTES", "data": [3]}]}""", "input 'Title': data[0]: expected a string, got a number")]
    [DataRow("""{"inputs": [{"name": "Title", "shape": [0], "datatype": "BYTES", "data": []}]}""", "input 'Title': the batch is empty")]
    [DataRow("""{"inputs": [{"name": "Title", "shape": [4], "datatype": "BYTES", "data": ["a","b","c","d"]}]}""", "the batch has 4 rows, more than the limit of 3")]
    [DataRow("""{"inputs": [{"name": "Title", "shape": [1], "datatype": "BYTES", "data": ["x"]}, {"name": "Description", "shape": [2], "datatype": "BYTES", "data": ["x", "y"]}]}""", "input 'Description' has 2 rows (shape [2]), but input 'Title' has 1")]
    [DataRow("""{"inputs": [{"name": "Title", "shape": [1], "datatype": "BYTES", "data": ["x"]}, {"name": "Title", "shape": [1], "datatype": "BYTES", "data": ["x"]}]}""", "input 'Title' is given twice")]
    [DataRow("""{"inputs": [{"name": "Title", "shape": "1", "datatype": "BYTES", "data": ["x"]}]}""", "input 'Title': shape: expected an array of non-negative integers")]
    [DataRow("""{"inputs": [{"shape": [1], "datatype": "BYTES", "data": ["x"]}]}""", "inputs[0]: name: expected a string")]
    [DataRow("""{"inputs": [{"name": "Title", "shape": [1], "datatype": "BYTES"}]}""", "input 'Title': missing data")]
    [DataRow("""{"inputs": [{"name": "Title", "shape": [1], "datatype": "BYTES", "data": ["x"]}, {"name": "Description", "shape": [1], "datatype": "BYTES", "data": ["y"]}], "outputs": [{"name": "logits"}]}""", "outputs[0]: unknown output 'logits'")]
    public async Task Infer_triage(string body, string expected) =>
        StringAssert.Contains(await (await _host.PostJson("/v2/models/triage/infer", body)).Error(400), expected);

    [TestMethod]
    [DataRow(2, "input 'Load': shape [1, 2] does not fit the model's column: expected [n, 3]")]
    [DataRow(1, "input 'Load': shape [1] does not fit the model's column: expected [n, 3]")]
    public async Task Infer_failure_vector_shape(int dims, string expected)
    {
        var load = dims == 2 ? """{"name": "Load", "shape": [1, 2], "datatype": "FP32", "data": [0, 0]}""" : """{"name": "Load", "shape": [1], "datatype": "FP32", "data": [0]}""";
        var body = $$"""{"inputs": [{{load}}]}""";
        StringAssert.Contains(await (await _host.PostJson("/v2/models/failure/infer", body)).Error(400), expected);
    }

    [TestMethod]
    public async Task A_body_over_the_limit_is_413_whether_its_length_is_declared_or_not()
    {
        var big = "{\"title\": \"x\", \"description\": \"" + new string('a', 8000) + "\"}";
        StringAssert.Contains(await (await _host.PostJson("/predict/triage", big)).Error(413), "4096 bytes");

        // Chunked: no Content-Length to refuse up front, so Kestrel's limit for the request stops the read.
        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big)));
        chunked.Headers.ContentType = new("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/v2/models/triage/infer") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        StringAssert.Contains(await (await _host.Client.SendAsync(request)).Error(413), "4096 bytes");
    }

    [TestMethod]
    public async Task A_body_within_the_limit_is_served()
    {
        var response = await _host.PostJson("/predict/triage", """{"title": "disk full", "description": "volume out of space"}""");
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
    }
}
