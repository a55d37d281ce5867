using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Sdk.MlOps.MLflow.Tests;

[TestClass]
public sealed class AuthAndSecretsTests
{
    private const string Token = "tok-5ecret-Zq8v1x";
    private const string Password = "pw-5ecret-Kd93jw";

    [TestMethod]
    public async Task TheBearerTokenArrivesOnEveryRequestIncludingRetryLookups()
    {
        await using var server = await FakeMlflowServer.StartAsync();
        server.RequiredAuthorization = "Bearer " + Token;
        using var client = TestSupport.Client(server, o => o.Token = Token);
        var experimentId = await client.CreateExperimentAsync("exp");
        server.Faults.Add("POST", "runs/create", new Fault.DropAfterProcessing());

        await client.CreateRunAsync(experimentId, "r", TestSupport.Now);

        Assert.HasCount(1, server.RequestsTo("POST", "runs/search"));
        foreach (var request in server.Requests)
            Assert.AreEqual("Bearer " + Token, request.Authorization, request.Path);
    }

    [TestMethod]
    public async Task BasicCredentialsArrive()
    {
        await using var server = await FakeMlflowServer.StartAsync();
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:" + Password));
        server.RequiredAuthorization = expected;
        using var client = TestSupport.Client(server, o => (o.Username, o.Password) = ("alice", Password));

        await client.SearchExperimentsAsync();

        Assert.AreEqual(expected, server.Requests.Single().Authorization);
    }

    [TestMethod]
    public async Task UserInfoInTheTrackingUriBecomesBasicAuthAndNeverShows()
    {
        await using var server = await FakeMlflowServer.StartAsync();
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:" + Password));
        server.RequiredAuthorization = expected;
        var options = TestSupport.FastOptions(new UriBuilder(server.Uri) { UserName = "alice", Password = Password }.Uri);
        using var client = new MlflowClient(options);

        await client.SearchExperimentsAsync();
        var error = await Assert.ThrowsExactlyAsync<MlflowException>(() => client.GetRunAsync("nope"));

        Assert.AreEqual(expected, server.Requests.First().Authorization);
        Assert.DoesNotContain(Password, error.ToString());
        Assert.DoesNotContain(Password, options.ToString());
    }

    [TestMethod]
    public async Task AWrongTokenIsUnauthenticated()
    {
        await using var server = await FakeMlflowServer.StartAsync();
        server.RequiredAuthorization = "Bearer right";
        using var client = TestSupport.Client(server, o => o.Token = Token);

        var error = await Assert.ThrowsExactlyAsync<MlflowException>(() => client.SearchExperimentsAsync());

        Assert.AreEqual(MlflowException.ErrorCodes.Unauthenticated, error.ErrorCode);
        Assert.AreEqual(HttpStatusCode.Unauthorized, error.StatusCode);
        StringAssert.Contains(error.Message, "You are not authenticated");
        Assert.DoesNotContain(Token, error.ToString());
    }

    [TestMethod]
    public async Task TheTokenAppearsInNoExceptionEvenWhenTheServerEchoesIt()
    {
        await using var server = await FakeMlflowServer.StartAsync();
        using var client = TestSupport.Client(server, o => (o.Token, o.MaxRetries) = (Token, 1));
        var errors = new List<Exception>();
        server.Faults.Add("POST", "experiments/search", new Fault.Status(400, "INVALID_PARAMETER_VALUE", Message: $"bad header 'Authorization: Bearer {Token}'"));
        errors.Add(await Assert.ThrowsExactlyAsync<MlflowException>(() => client.SearchExperimentsAsync()));
        server.Faults.Add("POST", "experiments/search", new Fault.Raw(502, $"<html>upstream saw Bearer {Token}</html>", "text/html"), times: 2);
        errors.Add(await Assert.ThrowsExactlyAsync<MlflowException>(() => client.SearchExperimentsAsync()));
        errors.Add(await Assert.ThrowsExactlyAsync<MlflowException>(() => client.GetRunAsync("nope")));
        server.Faults.Always("GET", "runs/get", new Fault.DropBeforeProcessing());
        errors.Add(await Assert.ThrowsExactlyAsync<MlflowException>(() => client.GetRunAsync("nope")));

        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var refused = new MlflowClient(new MlflowClientOptions { TrackingUri = new Uri($"http://127.0.0.1:{port}"), Token = Token, MaxRetries = 0 });
        errors.Add(await Assert.ThrowsExactlyAsync<MlflowException>(() => refused.SearchExperimentsAsync()));

        foreach (var error in errors)
        {
            Assert.DoesNotContain(Token, error.ToString());
            Assert.DoesNotContain("Authorization:", error.Message.Replace("'Authorization: Bearer ***'", "", StringComparison.Ordinal));
        }
        StringAssert.Contains(errors[0].Message, "***");
    }

    [TestMethod]
    public void OptionsNeverShowSecrets()
    {
        var options = new MlflowClientOptions
        {
            TrackingUri = new Uri("https://bob:" + Password + "@mlflow.example/prefix"),
            Token = Token,
            Username = "bob",
            Password = Password,
        };

        var text = options.ToString();

        Assert.DoesNotContain(Token, text);
        Assert.DoesNotContain(Password, text);
        StringAssert.Contains(text, "mlflow.example/prefix");
    }

    [TestMethod]
    public void TheEnvironmentGivesUriCredentialsTlsAndRetries()
    {
        var variables = new Dictionary<string, string>
        {
            ["MLFLOW_TRACKING_URI"] = "https://mlflow.example/",
            ["MLFLOW_TRACKING_TOKEN"] = Token,
            ["MLFLOW_TRACKING_USERNAME"] = "bob",
            ["MLFLOW_TRACKING_PASSWORD"] = Password,
            ["MLFLOW_TRACKING_INSECURE_TLS"] = "True",
            ["MLFLOW_HTTP_REQUEST_TIMEOUT"] = "12",
            ["MLFLOW_HTTP_REQUEST_MAX_RETRIES"] = "2",
        };

        var options = MlflowClientOptions.FromEnvironment(name => variables.GetValueOrDefault(name));

        Assert.AreEqual(new Uri("https://mlflow.example/"), options.TrackingUri);
        Assert.AreEqual(Token, options.Token);
        Assert.AreEqual("bob", options.Username);
        Assert.AreEqual(Password, options.Password);
        Assert.IsTrue(options.InsecureTls);
        Assert.AreEqual(TimeSpan.FromSeconds(12), options.RequestTimeout);
        Assert.AreEqual(2, options.MaxRetries);
        Assert.AreEqual(TimeSpan.FromMinutes(2), options.TotalTimeout);
    }

    [TestMethod]
    public void AMissingOrLocalTrackingUriIsAClearError()
    {
        var missing = Assert.ThrowsExactly<MlflowException>(() => MlflowClientOptions.FromEnvironment(_ => null));
        var local = Assert.ThrowsExactly<MlflowException>(() => MlflowClientOptions.FromEnvironment(n => n == "MLFLOW_TRACKING_URI" ? "file:///var/lib/mlruns" : null));

        StringAssert.Contains(missing.Message, "MLFLOW_TRACKING_URI");
        StringAssert.Contains(local.Message, "FileStore");
    }

    [TestMethod]
    public async Task ASelfSignedServerNeedsInsecureTls()
    {
        using var certificate = SelfSignedCertificate();
        await using var server = await FakeMlflowServer.StartAsync(certificate);
        using var strict = TestSupport.Client(server, o => o.MaxRetries = 0);
        using var lax = TestSupport.Client(server, o => o.InsecureTls = true);

        var error = await Assert.ThrowsExactlyAsync<MlflowException>(() => strict.SearchExperimentsAsync());
        var page = await lax.SearchExperimentsAsync();

        Assert.AreEqual(MlflowException.ErrorCodes.Unavailable, error.ErrorCode);
        Assert.IsEmpty(page.Items);
        Assert.AreEqual("https", server.Uri.Scheme);
    }

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // Kestrel on Linux needs the key in a form it can load; a PFX round trip gives it one.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }
}
