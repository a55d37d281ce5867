using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Sdk.MlOps.IntegrationTests.Infrastructure;

namespace Sdk.MlOps.IntegrationTests;

/// <summary>
/// The two ways a model leaves its project, as a user meets them with the real CLI: dotnet pack gives a package
/// an application predicts with in one call; dotnet publish of a serving project gives a program that serves the
/// model over KServe's V2 protocol and a plain JSON endpoint, behind an API key, with its container files.
/// </summary>
[TestClass]
public sealed class ModelDeliveryTests
{
    private const string Key = "it-key-6f1d2c9e4b";

    [TestMethod]
    public void APackageAnAppPredictsWith_AndAServedModelThatAnswersTheProtocol()
    {
        var project = Models.DetectorProject("Detector", properties: "<MlOpsServe>true</MlOpsServe>").Commit();
        // A version of this run's own: NuGet's global cache would otherwise hand an app an earlier run's package.
        var version = "1.0.0-it." + Guid.NewGuid().ToString("N")[..8];
        project.Environment["Version"] = version;

        // dotnet pack: the gates, then the package.
        var pack = Dotnet.Run(project.Directory, project.Environment, "pack", "-c", "Release").ShouldSucceed();
        StringAssert.Contains(pack.Output, "Gate");
        var package = Path.Combine(project.OutputDir, "..", $"Detector.{version}.nupkg");
        using (var zip = ZipFile.OpenRead(package))
        {
            var entries = zip.Entries.Select(e => e.FullName).ToArray();
            CollectionAssert.IsSubsetOf(new[] { "lib/net10.0/Detector.dll", "model/Detector.zip", "model/mlops-manifest.json", "model/MODEL_CARD.md", "MODEL_CARD.md", "buildTransitive/Detector.targets" }, entries, string.Join("\n", entries));
            using var spec = zip.GetEntry("Detector.nuspec")!.Open();
            XNamespace ns = "http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd";
            var dependencies = XDocument.Load(spec).Descendants(ns + "dependency").ToDictionary(d => d.Attribute("id")!.Value, d => d.Attribute("version")!.Value);
            CollectionAssert.AreEquivalent(new[] { "Sdk.MlOps.Inference", "Microsoft.ML" }, dependencies.Keys.ToArray(), "prediction needs neither the engine nor the SDK");
            Assert.AreEqual("5.0.1", dependencies["Microsoft.ML"], "the package says which ML.NET the model needs");
            using var assembly = new MemoryStream();
            using (var entry = zip.GetEntry("lib/net10.0/Detector.dll")!.Open()) entry.CopyTo(assembly);
            Assert.IsLessThan(0, assembly.ToArray().AsSpan().IndexOf(Encoding.UTF8.GetBytes(project.Directory)), "the packed assembly names a path of this machine");
        }

        // A console app that references the package predicts with one call.
        var app = Path.Combine(Path.GetDirectoryName(project.Directory)!, "App-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(app);
        ModelProject.WriteNuGetConfig(app);
        File.WriteAllText(Path.Combine(app, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <RestoreAdditionalProjectSources>{Path.GetFullPath(Path.Combine(project.OutputDir, ".."))}</RestoreAdditionalProjectSources>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Detector" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            var p = DetectorModel.Predict(new Point { Z12 = 6.5f, Ext48 = 4f, Out288 = 3f });
            System.Console.WriteLine($"label={p.Label} probability={p.Probability:0.000} version={DetectorModel.Load().Identity.Version}");
            """);
        var run = Dotnet.Run(app, "run", "-c", "Release").ShouldSucceed();
        StringAssert.Matches(run.Output, new System.Text.RegularExpressions.Regex($@"label=(true|false) probability=[01]\.\d{{3}} version={System.Text.RegularExpressions.Regex.Escape(version)}"), run.Output);
        var appOutput = Path.Combine(app, "bin", "Release", "net10.0");
        Assert.IsTrue(File.Exists(Path.Combine(appOutput, "models", "Detector", "Detector.zip")), "the package puts the model under models/<name>/");
        Assert.IsFalse(File.Exists(Path.Combine(appOutput, "Sdk.MlOps.Runtime.dll")), "the engine is for training, not for the app");

        // dotnet publish of a serving project: program, bundle and container files.
        project.Publish("--no-build").ShouldSucceed();
        foreach (var file in new[] { "Detector.dll", "Detector.zip", "mlops-manifest.json", "Dockerfile", Path.Combine("k8s", "deployment.yaml") })
            Assert.IsTrue(File.Exists(Path.Combine(project.PublishDir, file)), $"{file} is not published");

        using var host = HostedProgram.Start(Path.Combine(project.PublishDir, "Detector.dll"), new Dictionary<string, string> { ["MLOPS_API_KEY"] = Key }, "/v2/health/ready", "serve");
        using var client = new HttpClient { BaseAddress = host.Address };

        // Health is open; everything else wants the key.
        Assert.AreEqual(HttpStatusCode.OK, client.GetAsync("/v2/health/live").Result.StatusCode);
        Assert.AreEqual(HttpStatusCode.Unauthorized, client.GetAsync("/v2/models/Detector").Result.StatusCode);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);

        var metadata = Json(client.GetAsync("/v2/models/Detector").Result, HttpStatusCode.OK);
        Assert.AreEqual("Detector", metadata.GetProperty("name").GetString());
        CollectionAssert.Contains(metadata.GetProperty("versions").EnumerateArray().Select(v => v.GetString()).ToArray(), version);
        var inputs = metadata.GetProperty("inputs").EnumerateArray().ToDictionary(i => i.GetProperty("name").GetString()!, i => i.GetProperty("datatype").GetString());
        Assert.AreEqual("FP32", inputs["Z12"]);
        Assert.IsFalse(inputs.ContainsKey("Series"), "a column the model never reads is not an input");

        var infer = Json(Post(client, "/v2/models/Detector/infer", """
            {"inputs":[
              {"name":"Z12","shape":[2],"datatype":"FP32","data":[6.5,0.1]},
              {"name":"Ext48","shape":[2],"datatype":"FP32","data":[4.0,0.0]},
              {"name":"Out288","shape":[2],"datatype":"FP32","data":[3.0,0.0]}]}
            """), HttpStatusCode.OK);
        Assert.AreEqual(version, infer.GetProperty("model_version").GetString());
        var label = infer.GetProperty("outputs").EnumerateArray().Single(o => o.GetProperty("name").GetString() == "predicted_label");
        Assert.AreEqual(2, label.GetProperty("data").GetArrayLength());

        var predict = Json(Post(client, "/predict", """{"Z12":6.5,"Ext48":4.0,"Out288":3.0}"""), HttpStatusCode.OK);
        Assert.IsTrue(predict.TryGetProperty("label", out _), predict.ToString());

        // A malformed request: 400 naming the field, and nothing of the server in the answer.
        var bad = Post(client, "/predict", """{"Series":"a","Z12":"high","Ext48":4.0,"Out288":3.0}""");
        var error = Json(bad, HttpStatusCode.BadRequest).GetProperty("error").GetString()!;
        StringAssert.Contains(error, "Z12");
        Assert.DoesNotContain(project.Directory, error);

        Assert.DoesNotContain(Key, host.Output, "the key reached the host's log");

        // A pack after the publish leaves the published bundle whole: its manifest stays beside its model.
        Dotnet.Run(project.Directory, project.Environment, "pack", "-c", "Release", "--no-build").ShouldSucceed();
        Assert.IsTrue(File.Exists(Path.Combine(project.PublishDir, "mlops-manifest.json")), "pack removed the published manifest");
    }

    private static HttpResponseMessage Post(HttpClient client, string path, string json) =>
        client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json")).Result;

    private static JsonElement Json(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = response.Content.ReadAsStringAsync().Result;
        Assert.AreEqual(expected, response.StatusCode, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
