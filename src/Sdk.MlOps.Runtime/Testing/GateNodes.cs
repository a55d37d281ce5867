using Microsoft.Testing.Extensions.TrxReport.Abstractions;
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

    /// <summary>Errors that are tests of their own, not failures of the evaluation.</summary>
    private static readonly string[] OwnTests = [ErrorCodes.GateFailed, ErrorCodes.DriftDetected, ErrorCodes.DataContractViolated];

    /// <summary>What <c>--list-tests</c> and the IDEs see: no evaluation happens.</summary>
    public static IReadOnlyList<TestNode> Discovered(Request? request) =>
    [
        Node(request, EvaluateName, DiscoveredTestNodeStateProperty.CachedInstance),
        .. Names(request).Select((name, i) => Node(request, name, DiscoveredTestNodeStateProperty.CachedInstance, request!.Gates[i].Definition)),
        .. DriftTests(request).Select(t => Node(request, t.Name, DiscoveredTestNodeStateProperty.CachedInstance, t.At)),
    ];

    /// <summary>
    /// The drift and contract tests a run will report: by column when the model is trained (its profile says what
    /// AllColumns means), else one per item.
    /// </summary>
    private static IEnumerable<(string Name, SourceLocation At)> DriftTests(Request? request)
    {
        if (request is null || request.DriftGates.Count + request.DataContracts.Count == 0) return [];
        try
        {
            if (File.Exists(request.TrainingReportPath) && Reports.TrainingReportFile.Read(request.TrainingReportPath).Profile is { } profile)
                return new Profiling.DriftCheck(profile, request.DriftGates, request.DataContracts).TestNames().ToArray();
        }
        catch (MlOpsException)
        {
            // An item the run will refuse: listed by item, and the run says why.
        }

        return request.DriftGates.Select(g => (Profiling.DriftCheck.DriftName(g.Column), g.Definition))
            .Concat(request.DataContracts.Select(c => (Profiling.DriftCheck.ContractName(c.Column, "checks"), c.Definition))).ToArray();
    }

    /// <summary>
    /// The verdicts of one evaluation: <paramref name="report"/> is null when it stopped before the gates, and
    /// <paramref name="events"/> is everything it reported. Every test took the time of the one evaluation.
    /// </summary>
    public static IReadOnlyList<TestNode> Ran(Request? request, EvaluationReport? report, IReadOnlyList<ReportedEvent> events, TimingInfo? timing = null)
    {
        // A failed gate is its own test; every other error fails the evaluation.
        var errors = events.Where(e => e.Kind == "error" && !OwnTests.Contains(e.Code)).ToArray();
        var output = string.Join(Environment.NewLine, events.Where(e => e.Kind is "info" or "warning").Select(e => e.ToString()));
        var evaluate = errors.Length == 0
            ? Node(request, EvaluateName, PassedTestNodeStateProperty.CachedInstance)
            : Failed(request, EvaluateName, string.Join(Environment.NewLine, errors.Select(e => e.ToString())), errors.Select(e => e.Location).FirstOrDefault(l => l.File is { Length: > 0 }));
        if (output.Length > 0) evaluate.Properties.Add(new StandardOutputProperty(output));

        var nodes = new List<TestNode> { evaluate };
        var names = Names(request);
        for (int i = 0; i < names.Count; i++)
        {
            var gate = request!.Gates[i];
            if (report is null || i >= report.Gates.Count)
            {
                nodes.Add(Node(request, names[i], new SkippedTestNodeStateProperty($"Not evaluated: see {EvaluateName}."), gate.Definition));
                continue;
            }

            var result = report.Gates[i];
            nodes.Add(result.Passed
                ? Node(request, names[i], PassedTestNodeStateProperty.CachedInstance, gate.Definition)
                : Failed(request, names[i], $"{ErrorCodes.GateFailed}: {Evaluator.GateFailedMessage(request.ModelName, result, report.TestRows)}", gate.Definition));
            // Each slice is a test of its own, so CI history follows a slice; a slice too small to judge is skipped, with why.
            foreach (var slice in result.Slices ?? [])
            {
                var name = $"{names[i]} [{slice.Slice!.Column}={slice.Slice.Value}]";
                nodes.Add(!slice.Slice.Gated
                    ? Node(request, name, new SkippedTestNodeStateProperty($"{slice.Slice.Rows} test rows, fewer than {result.MinimumSliceRows}: reported ({GateResult.Format(slice.Value)}), not gated."), gate.Definition)
                    : slice.Passed
                        ? Node(request, name, PassedTestNodeStateProperty.CachedInstance, gate.Definition)
                        : Failed(request, name, $"{ErrorCodes.GateFailed}: Gate {slice.Metric} {slice.Bound} failed in {slice.Slice.Column}={slice.Slice.Value}: {request.ModelName} scores {GateResult.Format(slice.Value)} on its {slice.Slice.Rows} test rows.", gate.Definition));
            }
        }

        if (report?.Drift is { } drift) nodes.AddRange(DriftNodes(request!, drift));
        else
        {
            // The evaluation stopped before comparing: the drift tests are skipped under the names discovery gave them.
            foreach (var (name, at) in DriftTests(request))
                nodes.Add(Node(request, name, new SkippedTestNodeStateProperty($"Not evaluated: see {EvaluateName}."), at));
        }

        if (timing is { } t)
        {
            foreach (var node in nodes.Where(n => n.Properties.Single<TestNodeStateProperty>() is not SkippedTestNodeStateProperty))
                node.Properties.Add(new TimingProperty(t));
        }

        return nodes;
    }

    /// <summary>
    /// A test per compared column (<c>Drift(Z12)</c>: a column counted only in the share passes, with its statistic
    /// shown), one for the share, and one per contract check (<c>DataContract(Z12 range)</c>).
    /// </summary>
    private static IEnumerable<TestNode> DriftNodes(Request request, Profiling.DriftReport drift)
    {
        foreach (var c in drift.Columns)
        {
            var at = new SourceLocation(c.DefinedIn, c.Line);
            var node = c.Gated && c.Drifted
                ? Failed(request, Profiling.DriftCheck.DriftName(c.Column), $"{ErrorCodes.DriftDetected}: {DriftGates.ColumnMessage(request.ModelName, drift, c, "test data")}", at)
                : Node(request, Profiling.DriftCheck.DriftName(c.Column), PassedTestNodeStateProperty.CachedInstance, at);
            node.Properties.Add(new StandardOutputProperty($"{c.Statistic} {c.Comparison}{(c.Gated ? "" : c.Drifted ? ": drifts, counted in the share" : "")}"));
            yield return node;
        }

        if (drift.Share is { } share)
        {
            var name = Profiling.DriftCheck.ShareName(share.MaxShare);
            var at = new SourceLocation(share.DefinedIn, share.Line);
            yield return share.Passed ? Node(request, name, PassedTestNodeStateProperty.CachedInstance, at)
                : Failed(request, name, $"{ErrorCodes.DriftDetected}: {DriftGates.ShareMessage(request.ModelName, drift, share, "test data")}", at);
        }

        foreach (var c in drift.Contracts)
        {
            var name = Profiling.DriftCheck.ContractName(c.Column, c.Check);
            var at = new SourceLocation(c.DefinedIn, c.Line);
            yield return c.Passed ? Node(request, name, PassedTestNodeStateProperty.CachedInstance, at)
                : Failed(request, name, $"{ErrorCodes.DataContractViolated}: {DriftGates.ContractMessage(drift, c, "test data")}", at);
        }
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

    private static TestNode Failed(Request? request, string name, string message, SourceLocation at)
    {
        var node = Node(request, name, new FailedTestNodeStateProperty(message), at);
        node.Properties.Add(new TrxExceptionProperty(message, null)); // the TRX file's error message
        return node;
    }

    private static TestNode Node(Request? request, string name, TestNodeStateProperty state, SourceLocation at = default)
    {
        // The TRX report files the tests under a class: the model's name.
        var node = new TestNode
        {
            Uid = name,
            DisplayName = name,
            Properties = new PropertyBag(state, new TrxFullyQualifiedTypeNameProperty(request?.ModelName is { Length: > 0 } model ? model : "MlOps")),
        };
        if (at.File is { Length: > 0 } file && at.Line > 0)
        {
            var position = new LinePosition(at.Line, Math.Max(1, at.Column));
            node.Properties.Add(new TestFileLocationProperty(file, new LinePositionSpan(position, position)));
        }

        return node;
    }
}
