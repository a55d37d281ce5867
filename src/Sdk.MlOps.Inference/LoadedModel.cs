using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;

namespace Sdk.MlOps.Inference;

/// <summary>
/// One version of a model, loaded: the transformer and a pool of prediction engines over it. A
/// <see cref="PredictionEngine{TSrc,TDst}"/> is not thread-safe but is cheap to reuse, so each request rents one.
/// Immutable once built: a reload builds a new one and swaps the reference, then retires the old one, which is
/// disposed once the last prediction that entered it has left (so a request never meets a disposed pool).
/// </summary>
internal abstract class LoadedModel<TInput> : IDisposable where TInput : class, new()
{
    private int _users;
    private int _retired;
    private int _disposed;

    public required ModelIdentity Identity { get; init; }

    public abstract ModelPrediction Predict(TInput input);

    /// <summary>Enters the version for a prediction; false once it is retired (take the current one instead).</summary>
    public bool TryEnter()
    {
        // Interlocked on both sides: the count is raised before the retired flag is read, and Retire sets the flag
        // before it reads the count, so one of the two always sees the other.
        Interlocked.Increment(ref _users);
        if (Volatile.Read(ref _retired) == 0) return true;
        Exit();
        return false;
    }

    public void Exit()
    {
        if (Interlocked.Decrement(ref _users) == 0 && Volatile.Read(ref _retired) == 1) Dispose();
    }

    /// <summary>No new prediction enters; disposed now if none is running, else by the last one out.</summary>
    public void Retire()
    {
        Interlocked.Exchange(ref _retired, 1);
        if (Volatile.Read(ref _users) == 0) Dispose();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) Release();
    }

    protected abstract void Release();

    public static LoadedModel<TInput> Load(MLContext ml, string modelFile, int poolSize)
    {
        var bytes = File.ReadAllBytes(modelFile);
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        var manifest = ModelIdentity.ReadManifest(modelFile);
        if (manifest is { Sha256: { } expected } && !string.Equals(expected, sha, StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException($"{Path.GetFileName(modelFile)} is not the model its manifest names (SHA-256 {sha[..12]}…, the manifest says {expected[..Math.Min(12, expected.Length)]}…): the bundle is being replaced or was changed by hand.");

        ITransformer transformer;
        DataViewSchema inputSchema;
        using (var stream = new MemoryStream(bytes, writable: false))
            transformer = ml.Model.Load(stream, out inputSchema);
        var columns = ScoredColumns.Of(transformer.GetOutputSchema(inputSchema));
        var identity = new ModelIdentity(manifest?.Name ?? Path.GetFileNameWithoutExtension(modelFile), manifest?.Version ?? "unknown", sha, columns.Task)
        {
            ReadColumns = ReadColumns(transformer, inputSchema),
            Classes = columns.Classes,
            HasProbability = columns.HasProbability,
            LabelColumn = manifest?.Label,
        };
        return columns.Task == ModelTask.MulticlassClassification
            ? new Multiclass(ml, transformer, columns, poolSize) { Identity = identity }
            : new Scalar(ml, transformer, columns, poolSize) { Identity = identity };
    }

    /// <summary>
    /// The input columns the pipeline needs: ML.NET keeps no list of them, but a transformer refuses a schema that
    /// lacks one it reads, so each column is left out once and the pipeline asked.
    /// </summary>
    private static string[] ReadColumns(ITransformer transformer, DataViewSchema input)
    {
        var read = new List<string>();
        foreach (var column in input)
        {
            var without = new DataViewSchema.Builder();
            foreach (var other in input)
                if (other.Index != column.Index) without.AddColumn(other.Name, other.Type, other.Annotations);
            try
            {
                transformer.GetOutputSchema(without.ToSchema());
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or KeyNotFoundException)
            {
                read.Add(column.Name);
            }
        }

        return [.. read];
    }

    private abstract class Pooled<TOutput>(MLContext ml, ITransformer transformer, ScoredColumns columns, int poolSize) : LoadedModel<TInput>
        where TOutput : class, new()
    {
        private readonly ObjectPool<PredictionEngine<TInput, TOutput>> _engines = new DefaultObjectPoolProvider { MaximumRetained = poolSize }
            .Create(new EnginePolicy(() => ml.Model.CreatePredictionEngine<TInput, TOutput>(transformer, ignoreMissingColumns: true, outputSchemaDefinition: columns.OutputDefinition<TOutput>())));

        protected ScoredColumns Columns => columns;

        public sealed override ModelPrediction Predict(TInput input)
        {
            var engine = _engines.Get();
            try
            {
                return Read(engine.Predict(input));
            }
            finally
            {
                _engines.Return(engine);
            }
        }

        protected abstract ModelPrediction Read(TOutput output);

        protected sealed override void Release() => (_engines as IDisposable)?.Dispose();

        private sealed class EnginePolicy(Func<PredictionEngine<TInput, TOutput>> create) : PooledObjectPolicy<PredictionEngine<TInput, TOutput>>
        {
            public override PredictionEngine<TInput, TOutput> Create() => create();

            public override bool Return(PredictionEngine<TInput, TOutput> engine) => true;
        }
    }

    private sealed class Scalar(MLContext ml, ITransformer transformer, ScoredColumns columns, int poolSize) : Pooled<ScalarScore>(ml, transformer, columns, poolSize)
    {
        protected override ModelPrediction Read(ScalarScore output) => Columns.Task == ModelTask.Regression
            ? new ModelPrediction(null, output.Score, null, [])
            : new ModelPrediction(output.PredictedLabel ? "true" : "false", output.Score, Columns.HasProbability ? output.Probability : null, []);
    }

    private sealed class Multiclass(MLContext ml, ITransformer transformer, ScoredColumns columns, int poolSize) : Pooled<VectorScore>(ml, transformer, columns, poolSize)
    {
        protected override ModelPrediction Read(VectorScore output)
        {
            var classes = Columns.Classes;
            var scores = output.Score;
            // The model's arg-max, first of equals, is its predicted class when it maps no label back to text.
            int best = 0;
            for (int i = 1; i < scores.Length; i++)
                if (scores[i] > scores[best]) best = i;
            var label = Columns.HasTextLabel ? output.PredictedLabel : classes[best];
            int at = classes[best] == label ? best : Array.IndexOf(classes, label);
            return new ModelPrediction(label, at >= 0 ? scores[at] : scores[best], null, new RankedScores(classes, scores));
        }
    }
}
