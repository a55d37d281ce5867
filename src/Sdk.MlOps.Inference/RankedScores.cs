using System.Collections;

namespace Sdk.MlOps.Inference;

/// <summary>
/// A multiclass prediction's classes by score, highest first, ranked only when first read: a caller that wants the
/// label alone (most of them) pays for no ranking and no object per class.
/// </summary>
internal sealed class RankedScores(string[] classes, float[] scores) : IReadOnlyList<ClassScore>
{
    private ClassScore[]? _ranked;

    public int Count => classes.Length;

    public ClassScore this[int index] => Ranked[index];

    // Two threads reading it first both rank, to the same result: no lock is needed.
    private ClassScore[] Ranked => _ranked ??= Rank();

    public IEnumerator<ClassScore> GetEnumerator() => ((IEnumerable<ClassScore>)Ranked).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Highest first by insertion: stable (equal scores keep the classes' order, as the model's own arg-max does), and cheap for tens of classes.</summary>
    private ClassScore[] Rank()
    {
        var ranked = new ClassScore[classes.Length];
        for (int i = 0; i < ranked.Length; i++)
        {
            var score = new ClassScore(classes[i], scores[i]);
            int at = i;
            while (at > 0 && ranked[at - 1].Score < score.Score)
            {
                ranked[at] = ranked[at - 1];
                at--;
            }

            ranked[at] = score;
        }

        return ranked;
    }
}
