using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;

namespace Sdk.MlOps.Serving.Tests;

/// <summary>ModelServer: the one-call host of a model program's serve command.</summary>
[TestClass]
public sealed class ModelServerTests
{
    [TestMethod]
    public async Task The_host_takes_its_settings_from_the_command_line_and_serves_one_model_at_predict()
    {
        var folder = TestModels.NewFolder("model-server");
        var model = TestModels.Bundle(folder, "triage", "3.0.0", TestModels.TriageV1, labelInManifest: true);
        var app = ModelServer.Build<Ticket>(["--urls=http://127.0.0.1:0", "--MlOps:Serving:MaxBatchSize=1", "--contentRoot=" + folder], "triage", model);
        await app.StartAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            var one = await client.PostAsync("/predict", Json("""{"title": "disk full", "description": "no space"}"""));
            Assert.AreEqual(HttpStatusCode.OK, one.StatusCode);
            Assert.AreEqual("3.0.0", (await one.Json()).GetProperty("version").GetString());
            var two = await client.PostAsync("/predict", Json("""[{"title": "a", "description": "b"}, {"title": "a", "description": "b"}]"""));
            StringAssert.Contains(await two.Error(400), "limit of 1");
            // What the framework refuses before an endpoint runs has the protocol's error body too.
            StringAssert.Contains(await (await client.PostAsync("/predict", new StringContent("title=x", Encoding.UTF8, "text/plain"))).Error(415), "Content-Type: application/json");
            StringAssert.Contains(await (await client.DeleteAsync("/predict")).Error(405), "method");
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    [TestMethod]
    [DoNotParallelize] // it takes over the process's standard error for a moment
    public void A_model_that_cannot_be_loaded_ends_Run_with_exit_code_1()
    {
        var missing = Path.Combine(TestModels.NewFolder("model-server-missing"), "nothing.zip");
        var error = Console.Error;
        using var captured = new StringWriter();
        Console.SetError(captured);
        int code;
        try
        {
            code = ModelServer.Run<Ticket>(["--urls=http://127.0.0.1:0", "--Logging:LogLevel:Default=None"], "triage", missing);
        }
        finally
        {
            Console.SetError(error);
        }

        Assert.AreEqual(1, code);
        StringAssert.Contains(captured.ToString(), "error MLOPS7004: The model server could not start");
    }

    [TestMethod]
    public void Invalid_settings_end_Run_with_exit_code_1()
    {
        var folder = TestModels.NewFolder("model-server-invalid");
        var model = TestModels.Bundle(folder, "triage", "1.0.0", TestModels.TriageV1, labelInManifest: true);
        var code = ModelServer.Run<Ticket>(["--urls=http://127.0.0.1:0", "--Logging:LogLevel:Default=None", "--MlOps:Serving:PredictionLog:SampleRate=2"], "triage", model);
        Assert.AreEqual(1, code);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
