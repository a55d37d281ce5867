using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Sdk.MlOps.Serving.Tests;

/// <summary>Where the options come from, in which order, and what is refused.</summary>
[TestClass]
public sealed class OptionsTests
{
    [TestMethod]
    public void The_section_then_the_environment_variables_then_code_decide()
    {
        var options = Resolve(new()
        {
            ["MlOps:Serving:ApiKey"] = "from-section",
            ["MLOPS_API_KEY"] = "from-environment",
            ["MlOps:Serving:PredictionLog:Directory"] = "/from/section",
            ["MLOPS_PREDICTION_LOG_DIR"] = "/from/environment",
            ["MlOps:Serving:MaxBatchSize"] = "3",
            ["MlOps:Serving:ShutdownTimeout"] = "00:00:07",
            ["MlOps:Serving:RateLimit:PermitLimit"] = "9",
        }, o => o.MaxBatchSize = 5, out var host);
        Assert.AreEqual("from-environment", options.ApiKey);
        Assert.AreEqual("/from/environment", options.PredictionLog.Directory);
        Assert.AreEqual(5, options.MaxBatchSize, "code has the last word");
        Assert.AreEqual(9, options.RateLimit.PermitLimit);
        Assert.AreEqual(TimeSpan.FromSeconds(7), host.ShutdownTimeout, "the host's shutdown timeout is the option's");
    }

    [TestMethod]
    [DataRow("MlOps:Serving:ApiKey", " ", "ApiKey is blank")]
    [DataRow("MlOps:Serving:MaxBatchSize", "0", "MaxBatchSize must be positive")]
    [DataRow("MlOps:Serving:RateLimit:Window", "00:00:00", "Window must be positive")]
    [DataRow("MlOps:Serving:PredictionLog:MaxFiles", "0", "MaxFiles must be positive")]
    public void Invalid_settings_are_refused_with_the_key_named(string key, string value, string expected)
    {
        var error = Assert.ThrowsExactly<OptionsValidationException>(() => Resolve(new() { [key] = value }, null, out _));
        StringAssert.Contains(error.Message, expected);
    }

    private static ModelServingOptions Resolve(Dictionary<string, string?> settings, Action<ModelServingOptions>? configure, out HostOptions host)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddModelServing(configure);
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<ModelServingOptions>>().Value;
        host = provider.GetRequiredService<IOptions<HostOptions>>().Value;
        return options;
    }
}
