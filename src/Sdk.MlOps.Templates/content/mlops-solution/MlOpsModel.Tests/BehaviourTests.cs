using Microsoft.VisualStudio.TestTools.UnitTesting;
using Sdk.MlOps.Testing;

namespace MlOpsModel.Tests;

/// <summary>
/// How the trained model behaves on cases whose answer is known, on changes that must not matter, and on changes
/// that must move its score: the gates measure it on the test data, these tests pin down what must never change.
/// They read the model the model project's build trained.
/// </summary>
[TestClass]
public sealed class BehaviourTests
{
#if (task == "binary")
    private static readonly TrainedModel<HostSample> Model = TrainedModel<HostSample>.Load();

    [TestMethod]
    public void KnownHosts() => Behaviour.Expect(Model,
    [
        (new HostSample { Cpu = 5, Errors = 0 }, "false"),
        (new HostSample { Cpu = 98, Errors = 20 }, "true"),
    ]);

    [TestMethod]
    public void MoreErrorsNeverLowerTheRisk() => Behaviour.Raises(Model,
        [new HostSample { Cpu = 40, Errors = 2 }, new HostSample { Cpu = 70, Errors = 5 }],
        Perturb.Copy<HostSample>("ten more errors", h => h.Errors += 10));
#elseif (task == "multiclass")
    private static readonly TrainedModel<Incident> Model = TrainedModel<Incident>.Load();

    private static readonly Incident[] Incidents =
    [
        new() { Title = "dns timeout packet loss on host3" },
        new() { Title = "token expired login fails on host7" },
    ];

    [TestMethod]
    public void KnownIncidents() => Behaviour.Expect(Model, [(Incidents[0], "network"), (Incidents[1], "identity")]);

    [TestMethod]
    public void CasingAndTyposDoNotChangeTheTeam() => Behaviour.Invariant(Model, Incidents,
    [
        Perturb.Copy<Incident>("upper case", i => i.Title = Perturb.ChangeCase(i.Title)),
        Perturb.Copy<Incident>("a typo", i => i.Title = Perturb.Typo(i.Title)),
    ]);

    [TestMethod]
    public void PacketLossPointsToTheNetworkTeam() => Behaviour.Raises(Model, [Incidents[1]],
        Perturb.Copy<Incident>("'packet loss' added", i => i.Title = Perturb.AddWords(i.Title, "packet loss")), label: "network");
#elseif (task == "regression")
    private static readonly TrainedModel<ResolvedIncident> Model = TrainedModel<ResolvedIncident>.Load();

    [TestMethod]
    public void AnIncidentOnMoreHostsTakesLonger() => Behaviour.Raises(Model,
        [new ResolvedIncident { Hosts = 1, Severity = 2 }, new ResolvedIncident { Hosts = 5, Severity = 3 }],
        Perturb.Copy<ResolvedIncident>("twenty more hosts", i => i.Hosts += 20));

    [TestMethod]
    public void NoIncidentTakesNegativeTime() =>
        Assert.IsGreaterThan(0f, Model.Predict(new ResolvedIncident { Hosts = 1, Severity = 1 }).Score);
#else
    private static readonly TrainedModel<MetricWindow> Model = TrainedModel<MetricWindow>.Load();

    [TestMethod]
    public void AWindowOffTheUsualPatternScoresAboveAUsualOne() =>
        Assert.IsGreaterThan(Model.Predict(new MetricWindow { Deviation = 1, Spread = 0.8f, Trend = -0.5f }).Score,
            Model.Predict(new MetricWindow { Deviation = 3, Spread = -5, Trend = 4 }).Score);
#endif
}
