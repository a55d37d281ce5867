namespace Sdk.MlOps.MLflow.Tests;

/// <summary>A fresh fake MLflow server and a client for it around every test.</summary>
public abstract class FakeServerTest
{
    private protected FakeMlflowServer Server { get; private set; } = null!;

    private protected MlflowClient Client { get; private set; } = null!;

    [TestInitialize]
    public async Task StartServerAsync()
    {
        Server = await FakeMlflowServer.StartAsync();
        Client = TestSupport.Client(Server);
    }

    [TestCleanup]
    public async Task StopServerAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
