using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Sdk.MlOps;

/// <summary>Runs ML.NET's evaluator for a task and flattens its metrics object into name → value, by ML.NET's own names.</summary>
internal static class Evaluation
{
    public static IReadOnlyList<string> MetricNames(ModelTask task) =>
        ScalarProperties(MetricsType(task)).Select(p => p.Name).Where(n => n != nameof(MulticlassClassificationMetrics.TopKAccuracy)).ToArray();

    public static IReadOnlyDictionary<string, double> Evaluate(MLContext ml, ModelTask task, IDataView scored, string label)
    {
        object metrics = task switch
        {
            ModelTask.BinaryClassification when HasColumn(scored, "Probability") =>
                ml.BinaryClassification.Evaluate(scored, label),
            ModelTask.BinaryClassification => ml.BinaryClassification.EvaluateNonCalibrated(scored, label),
            ModelTask.MulticlassClassification => ml.MulticlassClassification.Evaluate(scored, label),
            ModelTask.Regression => ml.Regression.Evaluate(scored, label),
            ModelTask.AnomalyDetection => ml.AnomalyDetection.Evaluate(scored, label),
            _ => throw new ArgumentOutOfRangeException(nameof(task)),
        };
        var values = ScalarProperties(metrics.GetType()).ToDictionary(p => p.Name, p => (double)p.GetValue(metrics)!);
        // TopKAccuracy is reported only when a K was asked for; 0 would read as a real score.
        if (metrics is MulticlassClassificationMetrics { TopKPredictionCount: 0 }) values.Remove(nameof(MulticlassClassificationMetrics.TopKAccuracy));
        return values;
    }

    private static Type MetricsType(ModelTask task) => task switch
    {
        ModelTask.BinaryClassification => typeof(CalibratedBinaryClassificationMetrics),
        ModelTask.MulticlassClassification => typeof(MulticlassClassificationMetrics),
        ModelTask.Regression => typeof(RegressionMetrics),
        ModelTask.AnomalyDetection => typeof(AnomalyDetectionMetrics),
        _ => throw new ArgumentOutOfRangeException(nameof(task)),
    };

    private static IEnumerable<PropertyInfo> ScalarProperties(Type t) =>
        t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
         .Where(p => p.PropertyType == typeof(double))
         .OrderBy(p => p.Name, StringComparer.Ordinal);

    private static bool HasColumn(IDataView data, string name) => data.Schema.GetColumnOrNull(name) is not null;
}
