using System.Reflection;
using Microsoft.ML;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace MlOpsModel.Tests;

/// <summary>
/// How the trained model behaves on cases whose answer is known: the gates measure it on the test data, these
/// tests pin down what must never change. They read the model the model project's build trained.
/// </summary>
[TestClass]
public sealed class BehaviourTests
{
    private static readonly string ModelFile =
        typeof(BehaviourTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ModelFile").Value!;

#if (task == "binary")
    public sealed class Prediction
    {
        public bool PredictedLabel { get; set; }
    }

    [TestMethod]
    public void AnIdleHostIsNotExpectedToFail() =>
        Assert.IsFalse(Predict<HostSample, Prediction>(new() { Cpu = 5, Errors = 0 }).PredictedLabel);

    [TestMethod]
    public void AnOverloadedHostThrowingErrorsIsExpectedToFail() =>
        Assert.IsTrue(Predict<HostSample, Prediction>(new() { Cpu = 98, Errors = 20 }).PredictedLabel);
#elseif (task == "multiclass")
    public sealed class Prediction
    {
        public string PredictedLabel { get; set; } = "";
    }

    [TestMethod]
    public void ADnsTimeoutGoesToTheNetworkTeam() =>
        Assert.AreEqual("network", Predict<Incident, Prediction>(new() { Title = "dns timeout packet loss on host3" }).PredictedLabel);

    [TestMethod]
    public void AnExpiredTokenGoesToTheIdentityTeam() =>
        Assert.AreEqual("identity", Predict<Incident, Prediction>(new() { Title = "token expired login fails on host7" }).PredictedLabel);
#elseif (task == "regression")
    public sealed class Prediction
    {
        public float Score { get; set; }
    }

    [TestMethod]
    public void AnIncidentOnMoreHostsTakesLonger() =>
        Assert.IsGreaterThan(Predict<ResolvedIncident, Prediction>(new() { Hosts = 1, Severity = 2 }).Score,
            Predict<ResolvedIncident, Prediction>(new() { Hosts = 25, Severity = 2 }).Score);

    [TestMethod]
    public void NoIncidentTakesNegativeTime() =>
        Assert.IsGreaterThan(0f, Predict<ResolvedIncident, Prediction>(new() { Hosts = 1, Severity = 1 }).Score);
#else
    public sealed class Prediction
    {
        public float Score { get; set; }
    }

    [TestMethod]
    public void AWindowOffTheUsualPatternScoresAboveAUsualOne() =>
        Assert.IsGreaterThan(Predict<MetricWindow, Prediction>(new() { Deviation = 1, Spread = 0.8f, Trend = -0.5f }).Score,
            Predict<MetricWindow, Prediction>(new() { Deviation = 3, Spread = -5, Trend = 4 }).Score);
#endif

    private static TOutput Predict<TInput, TOutput>(TInput input) where TInput : class where TOutput : class, new()
    {
        var ml = new MLContext(seed: 1);
        var model = ml.Model.Load(ModelFile, out _);
        return ml.Model.CreatePredictionEngine<TInput, TOutput>(model).Predict(input);
    }
}
