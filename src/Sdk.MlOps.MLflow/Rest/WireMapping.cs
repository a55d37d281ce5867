namespace Sdk.MlOps.MLflow.Rest;

/// <summary>Wire types to the public records: a missing string is "", a missing list is empty, a missing number 0.</summary>
internal static class WireMapping
{
    public static Experiment ToExperiment(this ExperimentDto dto) => new(
        dto.ExperimentId ?? "",
        dto.Name ?? "",
        dto.ArtifactLocation ?? "",
        dto.LifecycleStage ?? "",
        dto.CreationTime ?? 0,
        dto.LastUpdateTime ?? 0,
        ToDictionary(dto.Tags));

    public static Run ToRun(this RunDto dto)
    {
        var info = dto.Info ?? new RunInfoDto();
        var data = dto.Data ?? new RunDataDto();
        return new Run(
            new RunInfo(
                info.RunId is { Length: > 0 } id ? id : info.RunUuid ?? "",
                info.ExperimentId ?? "",
                info.RunName ?? "",
                info.UserId ?? "",
                ToStatus(info.Status),
                info.StartTime ?? 0,
                info.EndTime,
                info.ArtifactUri ?? "",
                info.LifecycleStage ?? ""),
            new RunData(
                (data.Metrics ?? []).Select(ToMetric).ToList(),
                ToDictionary(data.Params),
                ToDictionary(data.Tags)))
        {
            Inputs = dto.Inputs?.DatasetInputs is { Count: > 0 } inputs ? new RunInputs(inputs.Select(ToDatasetInput).ToList()) : RunInputs.Empty,
        };
    }

    public static DatasetInput ToDatasetInput(this DatasetInputDto dto)
    {
        var dataset = dto.Dataset ?? new DatasetDto();
        // An unset schema or profile comes back left out, or as "" from a server that stored what it was sent.
        return new DatasetInput(
            new MlflowDataset(dataset.Name ?? "", dataset.Digest ?? "", dataset.SourceType ?? "", dataset.Source ?? "",
                NullIfEmpty(dataset.Schema), NullIfEmpty(dataset.Profile)),
            ToDictionary(dto.Tags));
    }

    public static DatasetInputDto ToDto(this DatasetInput input) => new()
    {
        Tags = ToDtos(input.Tags),
        Dataset = new DatasetDto
        {
            Name = input.Dataset.Name,
            Digest = input.Dataset.Digest,
            SourceType = input.Dataset.SourceType,
            Source = input.Dataset.Source,
            Schema = NullIfEmpty(input.Dataset.Schema),
            Profile = NullIfEmpty(input.Dataset.Profile),
        },
    };

    public static Metric ToMetric(this MetricDto dto) => new(dto.Key ?? "", dto.Value ?? 0, dto.Timestamp ?? 0, dto.Step ?? 0);

    public static MetricDto ToDto(this Metric metric) => new() { Key = metric.Key, Value = metric.Value, Timestamp = metric.Timestamp, Step = metric.Step };

    public static ArtifactFile ToArtifactFile(this FileInfoDto dto) => new(dto.Path ?? "", dto.IsDir ?? false, dto.FileSize);

    public static ModelVersion ToModelVersion(this ModelVersionDto dto) => new(
        dto.Name ?? "",
        dto.Version ?? "",
        dto.Source ?? "",
        dto.RunId ?? "",
        dto.Status ?? "",
        dto.CurrentStage ?? "",
        dto.Description ?? "",
        dto.CreationTimestamp ?? 0,
        dto.LastUpdatedTimestamp ?? 0,
        ToDictionary(dto.Tags),
        dto.Aliases ?? []);

    public static RegisteredModel ToRegisteredModel(this RegisteredModelDto dto) => new(
        dto.Name ?? "",
        dto.Description ?? "",
        dto.CreationTimestamp ?? 0,
        dto.LastUpdatedTimestamp ?? 0,
        ToDictionary(dto.Tags),
        (dto.Aliases ?? []).Where(a => a.Alias is not null).GroupBy(a => a.Alias!).ToDictionary(g => g.Key, g => g.Last().Version ?? ""),
        (dto.LatestVersions ?? []).Select(ToModelVersion).ToList());

    public static List<KeyValueDto> ToDtos(IReadOnlyDictionary<string, string>? pairs) =>
        pairs is null ? [] : pairs.Select(p => new KeyValueDto { Key = p.Key, Value = p.Value }).ToList();

    public static string ToWire(RunStatus status) => status switch
    {
        RunStatus.Running => "RUNNING",
        RunStatus.Scheduled => "SCHEDULED",
        RunStatus.Finished => "FINISHED",
        RunStatus.Failed => "FAILED",
        RunStatus.Killed => "KILLED",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not an MLflow run status."),
    };

    // proto2 leaves out a field equal to its default, and RUNNING is the enum's first value.
    private static RunStatus ToStatus(string? status) => status switch
    {
        "SCHEDULED" => RunStatus.Scheduled,
        "FINISHED" => RunStatus.Finished,
        "FAILED" => RunStatus.Failed,
        "KILLED" => RunStatus.Killed,
        _ => RunStatus.Running,
    };

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    // Keys are unique on the server; should a list repeat one, the last value wins as it would in MLflow's UI.
    private static Dictionary<string, string> ToDictionary(List<KeyValueDto>? pairs)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs ?? [])
            if (pair.Key is not null)
                result[pair.Key] = pair.Value ?? "";
        return result;
    }
}
