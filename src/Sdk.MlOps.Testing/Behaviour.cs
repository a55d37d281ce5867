namespace Sdk.MlOps.Testing;

/// <summary>
/// Behaviour checks of a trained model, after CheckList (Ribeiro et al., 2020): minimum functionality (cases whose
/// answer is known), invariance (changes that must not change the answer) and direction (changes that must move
/// the score one way). Each check tries every case and lists every failure in one <see cref="BehaviourException"/>.
/// </summary>
public static class Behaviour
{
    /// <summary>Minimum functionality: every input gets the expected label.</summary>
    public static void Expect<TInput>(TrainedModel<TInput> model, IEnumerable<(TInput Input, string Label)> cases) where TInput : class, new()
    {
        var list = cases.ToList();
        var predicted = model.Predict(list.Select(c => c.Input));
        var misses = list.Select((c, i) => (c, p: predicted[i]))
            .Where(x => !string.Equals(x.p.Label, x.c.Label, StringComparison.Ordinal))
            .Select(x => $"{Describe(x.c.Input)}: expected {x.c.Label}, predicted {x.p.Label ?? "(no label)"} (score {x.p.Score:0.###})").ToList();
        Fail("minimum functionality", misses, list.Count);
    }

    /// <summary>
    /// Invariance: no perturbation changes an input's predicted label. <paramref name="maxChangedShare"/> allows a
    /// share of the perturbed inputs to change (0 by default: none may).
    /// </summary>
    public static void Invariant<TInput>(TrainedModel<TInput> model, IEnumerable<TInput> inputs, IEnumerable<Perturbation<TInput>> perturbations, double maxChangedShare = 0)
        where TInput : class, new()
    {
        var originals = inputs.ToList();
        var before = model.Predict(originals);
        var changed = new List<string>();
        int tried = 0;
        foreach (var perturbation in perturbations)
        {
            var perturbed = originals.Select(perturbation.Apply).ToList();
            var after = model.Predict(perturbed);
            tried += originals.Count;
            changed.AddRange(originals.Select((input, i) => (input, i))
                .Where(x => !string.Equals(before[x.i].Label, after[x.i].Label, StringComparison.Ordinal))
                .Select(x => $"{perturbation.Name}: {Describe(x.input)} became {Describe(perturbed[x.i])}: {before[x.i].Label} became {after[x.i].Label}"));
        }

        if (tried > 0 && changed.Count <= maxChangedShare * tried) return;
        Fail("invariance", changed, tried);
    }

    /// <summary>Direction: the change raises the score (of <paramref name="label"/>, for multiclass) of every input.</summary>
    public static void Raises<TInput>(TrainedModel<TInput> model, IEnumerable<TInput> inputs, Perturbation<TInput> change, string? label = null) where TInput : class, new() =>
        Moves(model, inputs, change, label, up: true);

    /// <summary>Direction: the change lowers the score (of <paramref name="label"/>, for multiclass) of every input.</summary>
    public static void Lowers<TInput>(TrainedModel<TInput> model, IEnumerable<TInput> inputs, Perturbation<TInput> change, string? label = null) where TInput : class, new() =>
        Moves(model, inputs, change, label, up: false);

    private static void Moves<TInput>(TrainedModel<TInput> model, IEnumerable<TInput> inputs, Perturbation<TInput> change, string? label, bool up) where TInput : class, new()
    {
        var originals = inputs.ToList();
        var before = model.Predict(originals);
        var after = model.Predict(originals.Select(change.Apply));
        float Score(Prediction p) => label is null ? p.Score : p.ScoreOf(label);
        var wrong = originals.Select((input, i) => (input, b: Score(before[i]), a: Score(after[i])))
            .Where(x => up ? !(x.a > x.b) : !(x.a < x.b))
            .Select(x => $"{change.Name} on {Describe(x.input)}: {(label is null ? "score" : $"score of {label}")} {x.b:0.####} → {x.a:0.####}, expected {(up ? "higher" : "lower")}").ToList();
        Fail("direction", wrong, originals.Count);
    }

    private static void Fail(string check, List<string> failures, int tried)
    {
        if (failures.Count == 0) return;
        throw new BehaviourException($"{failures.Count} of {tried} {check} cases failed:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", failures.Take(20))}"
            + (failures.Count > 20 ? $"{Environment.NewLine}  ... and {failures.Count - 20} more" : ""));
    }

    /// <summary>An input as a failure shows it: its public values (empty ones left out, such as an unset label), long text cut.</summary>
    private static string Describe<TInput>(TInput input) =>
        "{" + string.Join(", ", typeof(TInput).GetProperties().Where(p => p.CanRead)
            .Select(p => (p.Name, Value: p.GetValue(input))).Where(p => p.Value is not (null or ""))
            .Select(p => $"{p.Name}={Cut(p.Value)}")) + "}";

    private static string Cut(object? value) => value?.ToString() is { } s ? (s.Length > 60 ? s[..57] + "..." : s) : "null";
}

/// <summary>A behaviour check failed; the message lists each failing case.</summary>
public sealed class BehaviourException(string message) : Exception(message);
