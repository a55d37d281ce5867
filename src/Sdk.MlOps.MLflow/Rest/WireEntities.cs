namespace Sdk.MlOps.MLflow.Rest;

// MLflow's JSON shapes, snake_case on the wire. Every member is nullable: proto3 JSON leaves out empty and default
// values, so absence is normal and WireMapping turns it into empty strings, empty lists and zeros.

internal sealed class KeyValueDto
{
    public string? Key { get; set; }
    public string? Value { get; set; }
}

internal sealed class MetricDto
{
    public string? Key { get; set; }
    public double? Value { get; set; }
    public long? Timestamp { get; set; }
    public long? Step { get; set; }
}

internal sealed class ExperimentDto
{
    public string? ExperimentId { get; set; }
    public string? Name { get; set; }
    public string? ArtifactLocation { get; set; }
    public string? LifecycleStage { get; set; }
    public long? CreationTime { get; set; }
    public long? LastUpdateTime { get; set; }
    public List<KeyValueDto>? Tags { get; set; }
}

internal sealed class RunInfoDto
{
    public string? RunId { get; set; }
    /// <summary>The 1.x name of <see cref="RunId"/>, still sent by 2.x; read when run_id is missing.</summary>
    public string? RunUuid { get; set; }
    public string? ExperimentId { get; set; }
    public string? RunName { get; set; }
    public string? UserId { get; set; }
    public string? Status { get; set; }
    public long? StartTime { get; set; }
    public long? EndTime { get; set; }
    public string? ArtifactUri { get; set; }
    public string? LifecycleStage { get; set; }
}

internal sealed class RunDataDto
{
    public List<MetricDto>? Metrics { get; set; }
    public List<KeyValueDto>? Params { get; set; }
    public List<KeyValueDto>? Tags { get; set; }
}

internal sealed class RunDto
{
    public RunInfoDto? Info { get; set; }
    public RunDataDto? Data { get; set; }
    public RunInputsDto? Inputs { get; set; }
}

internal sealed class RunInputsDto
{
    public List<DatasetInputDto>? DatasetInputs { get; set; }
}

/// <summary>An input's tags are MLflow's InputTag, {key, value} like every other tag.</summary>
internal sealed class DatasetInputDto
{
    public List<KeyValueDto>? Tags { get; set; }
    public DatasetDto? Dataset { get; set; }
}

internal sealed class DatasetDto
{
    public string? Name { get; set; }
    public string? Digest { get; set; }
    public string? SourceType { get; set; }
    public string? Source { get; set; }
    public string? Schema { get; set; }
    public string? Profile { get; set; }
}

internal sealed class FileInfoDto
{
    public string? Path { get; set; }
    public bool? IsDir { get; set; }
    public long? FileSize { get; set; }
}

internal sealed class AliasDto
{
    public string? Alias { get; set; }
    public string? Version { get; set; }
}

internal sealed class ModelVersionDto
{
    public string? Name { get; set; }
    public string? Version { get; set; }
    public long? CreationTimestamp { get; set; }
    public long? LastUpdatedTimestamp { get; set; }
    public string? CurrentStage { get; set; }
    public string? Description { get; set; }
    public string? Source { get; set; }
    public string? RunId { get; set; }
    public string? Status { get; set; }
    public List<KeyValueDto>? Tags { get; set; }
    public List<string>? Aliases { get; set; }
}

internal sealed class RegisteredModelDto
{
    public string? Name { get; set; }
    public long? CreationTimestamp { get; set; }
    public long? LastUpdatedTimestamp { get; set; }
    public string? Description { get; set; }
    public List<KeyValueDto>? Tags { get; set; }
    public List<AliasDto>? Aliases { get; set; }
    public List<ModelVersionDto>? LatestVersions { get; set; }
}
