using IncidentTriage;
using Sdk.MlOps.Testing;

namespace IncidentTriage.Tests;

/// <summary>
/// What the triage model must do whatever its accuracy of the day: route issues whose area a maintainer would never
/// doubt, ignore how a title is typed, and move towards an area when its API is named.
/// </summary>
[TestClass]
public sealed class BehaviourTests
{
    private static readonly TrainedModel<Issue> Model = TrainedModel<Issue>.Load();

    private static Issue New(string title, string description = "") => new() { Title = title, Description = description };

    private static readonly Issue[] Issues =
    [
        New("HttpClient throws TaskCanceledException on timeout", "When the server does not answer, SendAsync throws after 100 seconds."),
        New("FileStream.ReadAsync returns 0 bytes on a named pipe", "Reading from a pipe with FileStream returns no data."),
        New("SqlConnection fails to open with a timeout", "SqlClient cannot connect to the database server."),
        New("Span<T> indexer is slower than the array indexer", "Benchmarks of Span and Memory show a regression."),
    ];

    [TestMethod]
    public void IssuesWhoseAreaIsBeyondDoubt() => Behaviour.Expect(Model,
    [
        (Issues[0], "area-System.Net"),
        (Issues[1], "area-System.IO"),
        (Issues[2], "area-System.Data"),
        (Issues[3], "area-System.Memory"),
    ]);

    [TestMethod]
    public void HowATitleIsTypedDoesNotChangeTheArea() => Behaviour.Invariant(Model, Issues,
    [
        Perturb.Copy<Issue>("upper-case title", i => i.Title = Perturb.ChangeCase(i.Title)),
        Perturb.Copy<Issue>("a typo in the title", i => i.Title = Perturb.Typo(i.Title, seed: 1)),
        Perturb.Copy<Issue>("a ticket number", i => i.Description = Perturb.AddWords(i.Description, "(internal ticket 48213)")),
    ]);

    [TestMethod]
    public void NamingHttpClientMovesAnIssueTowardsNetworking() => Behaviour.Raises(Model, Issues[1..],
        Perturb.Copy<Issue>("'HttpClient' in the title", i => i.Title = Perturb.AddWords(i.Title, "over HttpClient")), label: "area-System.Net");
}
