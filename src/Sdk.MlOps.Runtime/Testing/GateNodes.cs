using Microsoft.Testing.Platform.Extensions.Messages;
using Sdk.MlOps.Diagnostics;
using Sdk.MlOps.Hosting;
using Sdk.MlOps.Reports;

namespace Sdk.MlOps.Testing;

/// <summary>
/// The tests of a model program: one per gate, <c>Gate(&lt;metric&gt; &lt;bound&gt;)</c>, and <c>MlOps.Evaluate</c>, the
/// evaluation itself, which fails with the code of any other error (no model, stale model, bad data...). The
/// evaluation node also keeps an ungated model from being a run of zero tests, which the platform fails.
/// </summary>
internal static class GateNodes
{
    public const string EvaluateName = "MlOps.Evaluate";

    /// <summary>What <c>--list-tests</c> and the IDEs see: no evaluation happens.</summary>
    public static IReadOnlyList<TestNode> Discovered(Request? request) =>
    [
        Node(EvaluateName, DiscoveredTestNodeStateProperty.CachedInstance),
        .. Names(request).Select((name, i) => Node(name, DiscoveredTestNodeStateProperty.CachedInstance, request!.Gates[i].Definition)),
    ];

    /// <summary>
    /// The verdicts of one evaluation: <paramref name="report"/> is null when it stopped before the gates, and
    /// <paramref name="events"/> is everything it reported.
    /// </summary>
    public static IReadOnlyList<TestNode> Ran(Request? request, EvaluationReport? report, IReadOnlyList<ReportedEvent> events)
    {
        // A failed gate is its own test; every other error fails the evaluation.
        var errors = events.Where(e => e.Kind == "error" && e.Code != ErrorCodes.GateFailed).ToArray();
        var output = string.Join(Environment.NewLine, events.Where(e => e.Kind is "info" or "warning").Select(e => e.ToString()));
        TestNodeStateProperty state = errors.Length == 0
            ? PassedTestNodeStateProperty.CachedInstance
            : new FailedTestNodeStateProperty(string.Join(Environment.NewLine, errors.Select(e => e.ToString())));
        var evaluate = Node(EvaluateName, state, errors.Select(e => e.Location).FirstOrDefault(l => l.File is { Length: > 0 }));
        if (output.Length > 0) evaluate.Properties.Add(new StandardOutputProperty(output));

        var nodes = new List<TestNode> { evaluate };
        var names = Names(request);
        for (int i = 0; i < names.Count; i++)
        {
            var gate = request!.Gates[i];
            if (report is null || i >= report.Gates.Count)
            {
                nodes.Add(Node(names[i], new SkippedTestNodeStateProperty($"Not evaluated: see {EvaluateName}."), gate.Definition));
                continue;
            }

            var result = report.Gates[i];
            nodes.Add(Node(names[i], result.Passed
                ? PassedTestNodeStateProperty.CachedInstance
                : new FailedTestNodeStateProperty($"{ErrorCodes.GateFailed}: {Evaluator.GateFailedMessage(request.ModelName, result, report.TestRows)}"),
                gate.Definition));
        }

        return nodes;
    }

    /// <summary>
    /// The test name of each gate, stable across runs (the champion's value of the day is not in it) so CI history
    /// can follow it; a second gate with the same rule gets a number.
    /// </summary>
    public static IReadOnlyList<string> Names(Request? request)
    {
        var names = new List<string>();
        foreach (var gate in request?.Gates ?? [])
        {
            var name = $"Gate({gate.Metric} {GateResult.Unevaluated(gate).Rule})";
            int n = 1;
            while (names.Contains(name + (n == 1 ? "" : $" #{n}"))) n++;
            names.Add(name + (n == 1 ? "" : $" #{n}"));
        }

        return names;
    }

    private static TestNode Node(string name, TestNodeStateProperty state, SourceLocation at = default)
    {
        var node = new TestNode { Uid = name, DisplayName = name, Properties = new PropertyBag(state) };
        if (at.File is { Length: > 0 } file && at.Line > 0)
        {
            var position = new LinePosition(at.Line, Math.Max(1, at.Column));
            node.Properties.Add(new TestFileLocationProperty(file, new LinePositionSpan(position, position)));
        }

        return node;
    }
}
