using Microsoft.ML.Data;

namespace MetricAnomaly;

/// <summary>
/// One metric point with rolling-window features computed from it and the points before it
/// (see data/PROVENANCE.md). Label: the point lies inside a labelled NAB anomaly window.
/// </summary>
public sealed class MetricPoint
{
    [LoadColumn(0)] public string Series { get; set; } = "";
    [LoadColumn(1)] public string Timestamp { get; set; } = "";
    [LoadColumn(2)] public float Z12 { get; set; }
    [LoadColumn(3)] public float Ext12 { get; set; }
    [LoadColumn(4)] public float Ext48 { get; set; }
    [LoadColumn(5)] public float Ext144 { get; set; }
    [LoadColumn(6)] public float Ext288 { get; set; }
    [LoadColumn(7)] public float Out48 { get; set; }
    [LoadColumn(8)] public float Out288 { get; set; }
    [LoadColumn(9)] public float PrevExt48 { get; set; }
    [LoadColumn(10)] public float PrevExt288 { get; set; }
    [LoadColumn(11)] public float LogVol288 { get; set; }
    [LoadColumn(12)] public bool Label { get; set; }
}
