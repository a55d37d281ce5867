using System.Reflection;
using Sdk.MlOps.Inference;

namespace Sdk.MlOps.Testing;

/// <summary>
/// The model a model project's build trained, loaded for tests by its input class. Thread-safe: it predicts through
/// <see cref="ModelPredictor{TInput}"/>, as an application using the model's package does.
/// </summary>
/// <typeparam name="TInput">The model project's input class (its <c>[LoadColumn]</c> class).</typeparam>
public sealed class TrainedModel<TInput> where TInput : class, new()
{
    private readonly ModelPredictor<TInput> _predictor;

    private TrainedModel(string file)
    {
        File = file;
        _predictor = new ModelPredictor<TInput>(file, new ModelPredictorOptions { PoolSize = 1 });
    }

    /// <summary>The model file loaded.</summary>
    public string File { get; }

    /// <summary>
    /// The model trained by the project that defines <typeparamref name="TInput"/>: a test project referencing it
    /// (with Sdk.MlOps.Testing) gets the model file beside that project's assembly, which names it.
    /// </summary>
    public static TrainedModel<TInput> Load()
    {
        var assembly = typeof(TInput).Assembly;
        var name = assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "Sdk.MlOps.ModelFile")?.Value
            ?? throw new InvalidOperationException(
                $"{assembly.GetName().Name} names no model file: {typeof(TInput).Name} is not the input class of an Sdk.MlOps model project (or it was built without GenerateAssemblyInfo).");
        var folders = new[] { Path.GetDirectoryName(assembly.Location), AppContext.BaseDirectory }.OfType<string>().Where(f => f.Length > 0).Distinct();
        var file = folders.Select(f => Path.Combine(f, name)).FirstOrDefault(System.IO.File.Exists)
            ?? throw new FileNotFoundException(
                $"The model {name} is not beside {assembly.GetName().Name}.dll. Reference the model project from this project and build it (the build trains it and copies the model).", name);
        return new TrainedModel<TInput>(file);
    }

    /// <summary>A model file given by path.</summary>
    public static TrainedModel<TInput> Load(string modelFile) => new(Path.GetFullPath(modelFile));

    /// <summary>The model's prediction for one input.</summary>
    public Prediction Predict(TInput input) => Predict([input])[0];

    /// <summary>The model's predictions for many inputs, in their order, in one pass.</summary>
    public IReadOnlyList<Prediction> Predict(IEnumerable<TInput> inputs)
    {
        var predictions = _predictor.Predict(inputs, out var version);
        // Each class's score in the model's own class order, as the score vector has them.
        return predictions.Select(p => new Prediction(p.Label, p.Score, version.Classes.ToDictionary(c => c, p.ScoreOf))).ToArray();
    }
}
