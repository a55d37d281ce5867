namespace Sdk.MlOps.Data;

/// <summary>
/// Holds out a seeded fraction of the rows for testing when the project gives no test data. Classification is
/// stratified by label, so every class the test part holds is in the training part too, and the same seed
/// always yields the same split.
/// </summary>
internal static class Splitter
{
    public static (int[] Train, int[] Test) Split(IReadOnlyList<string?> labels, double testFraction, int seed, bool stratify)
    {
        var random = new Random(seed);
        var groups = stratify
            ? Enumerable.Range(0, labels.Count).GroupBy(i => labels[i] ?? "", StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            : Enumerable.Range(0, labels.Count).GroupBy(_ => "");
        var train = new List<int>();
        var test = new List<int>();
        foreach (var group in groups)
        {
            var indices = group.ToArray();
            random.Shuffle(indices);
            int held = (int)Math.Round(indices.Length * testFraction, MidpointRounding.AwayFromZero);
            held = Math.Min(held, indices.Length - 1); // a class seen only in testing could not be learnt
            test.AddRange(indices.Take(held));
            train.AddRange(indices.Skip(held));
        }

        train.Sort();
        test.Sort();
        return (train.ToArray(), test.ToArray());
    }
}
