using Microsoft.ML.Data;

namespace Sdk.MlOps.Serving.Tests;

/// <summary>A triage row: the label Area (marked as the label by the manifest), two text columns.</summary>
public sealed class Ticket
{
    [LoadColumn(0)] public string Area { get; set; } = "";
    [LoadColumn(1)] public string Title { get; set; } = "";
    [LoadColumn(2)] public string Description { get; set; } = "";
}

/// <summary>A machine's reading: every column type a served model takes; the label is the column named Label.</summary>
public sealed class Reading
{
    /// <summary>The value that makes setting <see cref="Cpu"/> throw, to reach the host's unexpected-error path.</summary>
    public const float Faulty = 12345f;

    private float _cpu;

    [LoadColumn(0)]
    public float Cpu
    {
        get => _cpu;
        set => _cpu = value == Faulty ? throw new InvalidOperationException("simulated fault reading /secret/internal/path") : value;
    }

    [LoadColumn(1)] public double MemoryGb { get; set; }
    [LoadColumn(2)] public int Errors { get; set; }
    [LoadColumn(3)] public long Requests { get; set; }
    [LoadColumn(4)] public bool Weekend { get; set; }
    [LoadColumn(5, 7), VectorType(3)] public float[] Load { get; set; } = new float[3];
    [LoadColumn(8), ColumnName("Label")] public bool Failed { get; set; }
}
