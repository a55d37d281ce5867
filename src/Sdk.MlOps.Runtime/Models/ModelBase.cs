using Microsoft.ML;
using Sdk.MlOps.Data;
using Sdk.MlOps.Diagnostics;
using Sdk.MlOps.Hosting;

namespace Sdk.MlOps;

/// <summary>What a model does, which decides how it is evaluated and which metrics a gate may name.</summary>
public enum ModelTask
{
    /// <summary>Two classes: <see cref="BinaryClassificationModel{TInput}"/>.</summary>
    BinaryClassification,
    /// <summary>Several classes: <see cref="MulticlassClassificationModel{TInput}"/>.</summary>
    MulticlassClassification,
    /// <summary>A number: <see cref="RegressionModel{TInput}"/>.</summary>
    Regression,
    /// <summary>Unusual points: <see cref="AnomalyDetectionModel{TInput}"/>.</summary>
    AnomalyDetection,
}

/// <summary>
/// The non-generic face of every model class, used by the host. Derive from one of
/// <see cref="BinaryClassificationModel{TInput}"/>, <see cref="MulticlassClassificationModel{TInput}"/>,
/// <see cref="RegressionModel{TInput}"/> or <see cref="AnomalyDetectionModel{TInput}"/>.
/// </summary>
public abstract class ModelBase
{
    private protected ModelBase() { }

    /// <summary>What the model does; fixed by the base class it derives from.</summary>
    public abstract ModelTask Task { get; }

    /// <summary>The class whose <c>[LoadColumn]</c>/<c>[ColumnName]</c> properties define the data schema.</summary>
    public abstract Type InputType { get; }

    /// <summary>
    /// The input column (its <c>[ColumnName]</c>, else its property name) that holds the label as it is in the data.
    /// Validated on every row; <c>null</c> for anomaly detection without labels.
    /// </summary>
    public virtual string? LabelColumn => "Label";

    /// <summary>
    /// The label column in the scored data that the evaluator reads. By ML.NET convention pipelines map the raw
    /// label to <c>Label</c>; override when yours does not.
    /// </summary>
    public virtual string EvaluationLabelColumn => "Label";

    /// <summary>The ML.NET pipeline: plain ML.NET, from data columns to a trained predictor.</summary>
    public abstract IEstimator<ITransformer> Pipeline(MLContext ml, ModelParameters parameters);

    /// <summary>The metric names ML.NET reports for this task, the names a gate may use.</summary>
    public IReadOnlyList<string> MetricNames => Evaluation.MetricNames(Task);

    /// <summary>Evaluates scored data (the model's output on labelled data) into ML.NET's metrics, by name.</summary>
    public virtual IReadOnlyDictionary<string, double> Evaluate(MLContext ml, IDataView scored) =>
        Evaluation.Evaluate(ml, Task, scored, EvaluationLabelColumn);

    internal abstract InputSchema Schema { get; }

    /// <summary>The input columns a caller supplies: all but the label. A row is recognised by these.</summary>
    internal IReadOnlyList<string> SuppliedColumns =>
        Schema.Columns.Where(c => LabelColumn is null || c != Schema.Find(LabelColumn)).Select(c => c.Name).ToArray();

    /// <summary>Reads and checks data files; <paramref name="training"/>: the context the model will be trained with.</summary>
    internal abstract DataSet ReadData(IReadOnlyList<DataFile> files, string role, Reporter reporter, MLContext? training = null);
}

/// <summary>A model over rows of <typeparamref name="TInput"/>.</summary>
/// <typeparam name="TInput">The class of one data row.</typeparam>
public abstract class Model<TInput> : ModelBase where TInput : class, new()
{
    private protected Model() { }

    /// <summary><typeparamref name="TInput"/>.</summary>
    public sealed override Type InputType => typeof(TInput);

    internal sealed override InputSchema Schema => field ??= InputSchema.For(typeof(TInput));

    internal sealed override DataSet ReadData(IReadOnlyList<DataFile> files, string role, Reporter reporter, MLContext? training = null) =>
        new DataLoader(Schema, LabelColumn, reporter).Load(files, role, training);
}

/// <summary>Two classes, e.g. "will this host fail in the next hour". Metrics: Accuracy, AreaUnderRocCurve, F1Score, ...</summary>
/// <typeparam name="TInput">The class of one data row.</typeparam>
public abstract class BinaryClassificationModel<TInput> : Model<TInput> where TInput : class, new()
{
    /// <summary><see cref="ModelTask.BinaryClassification"/>.</summary>
    public sealed override ModelTask Task => ModelTask.BinaryClassification;
}

/// <summary>Several classes, e.g. routing an incident to a team. Metrics: MicroAccuracy, MacroAccuracy, LogLoss, ...</summary>
/// <typeparam name="TInput">The class of one data row.</typeparam>
public abstract class MulticlassClassificationModel<TInput> : Model<TInput> where TInput : class, new()
{
    /// <summary><see cref="ModelTask.MulticlassClassification"/>.</summary>
    public sealed override ModelTask Task => ModelTask.MulticlassClassification;
}

/// <summary>A number, e.g. time to resolve. Metrics: RSquared, MeanAbsoluteError, RootMeanSquaredError, ...</summary>
/// <typeparam name="TInput">The class of one data row.</typeparam>
public abstract class RegressionModel<TInput> : Model<TInput> where TInput : class, new()
{
    /// <summary><see cref="ModelTask.Regression"/>.</summary>
    public sealed override ModelTask Task => ModelTask.Regression;
}

/// <summary>
/// Unusual points, e.g. a metric leaving its normal range, with an unsupervised trainer such as RandomizedPca.
/// The label (bool, true = anomaly) is used only to evaluate. Metrics: AreaUnderRocCurve, DetectionRateAtFalsePositiveCount.
/// </summary>
/// <typeparam name="TInput">The class of one data row.</typeparam>
public abstract class AnomalyDetectionModel<TInput> : Model<TInput> where TInput : class, new()
{
    /// <summary><see cref="ModelTask.AnomalyDetection"/>.</summary>
    public sealed override ModelTask Task => ModelTask.AnomalyDetection;
}
