namespace Sdk.MlOps.MLflow.Rest;

// Request and response bodies of the endpoints MlflowClient calls. Requests leave null members out.

internal sealed class EmptyMessage;

internal sealed class ErrorResponse
{
    public string? ErrorCode { get; set; }
    public string? Message { get; set; }
}

internal sealed class CreateExperimentRequest
{
    public string? Name { get; set; }
    public List<KeyValueDto>? Tags { get; set; }
}

internal sealed class CreateExperimentResponse
{
    public string? ExperimentId { get; set; }
}

internal sealed class ExperimentResponse
{
    public ExperimentDto? Experiment { get; set; }
}

internal sealed class SearchExperimentsRequest
{
    public long? MaxResults { get; set; }
    public string? Filter { get; set; }
    public string? PageToken { get; set; }
}

internal sealed class SearchExperimentsResponse
{
    public List<ExperimentDto>? Experiments { get; set; }
    public string? NextPageToken { get; set; }
}

internal sealed class CreateRunRequest
{
    public string? ExperimentId { get; set; }
    public string? RunName { get; set; }
    public long? StartTime { get; set; }
    public List<KeyValueDto>? Tags { get; set; }
}

internal sealed class RunResponse
{
    public RunDto? Run { get; set; }
}

internal sealed class UpdateRunRequest
{
    public string? RunId { get; set; }
    public string? Status { get; set; }
    public long? EndTime { get; set; }
}

internal sealed class SearchRunsRequest
{
    public List<string>? ExperimentIds { get; set; }
    public string? Filter { get; set; }
    public long? MaxResults { get; set; }
    public List<string>? OrderBy { get; set; }
    public string? PageToken { get; set; }
}

internal sealed class SearchRunsResponse
{
    public List<RunDto>? Runs { get; set; }
    public string? NextPageToken { get; set; }
}

internal sealed class LogBatchRequest
{
    public string? RunId { get; set; }
    public List<MetricDto>? Metrics { get; set; }
    public List<KeyValueDto>? Params { get; set; }
    public List<KeyValueDto>? Tags { get; set; }
}

internal sealed class LogInputsRequest
{
    public string? RunId { get; set; }
    public List<DatasetInputDto>? Datasets { get; set; }
}

internal sealed class MetricHistoryResponse
{
    public List<MetricDto>? Metrics { get; set; }
    public string? NextPageToken { get; set; }
}

internal sealed class ListArtifactsResponse
{
    public string? RootUri { get; set; }
    public List<FileInfoDto>? Files { get; set; }
    public string? NextPageToken { get; set; }
}

internal sealed class CreateRegisteredModelRequest
{
    public string? Name { get; set; }
    public List<KeyValueDto>? Tags { get; set; }
    public string? Description { get; set; }
}

internal sealed class RegisteredModelResponse
{
    public RegisteredModelDto? RegisteredModel { get; set; }
}

internal sealed class SearchRegisteredModelsResponse
{
    public List<RegisteredModelDto>? RegisteredModels { get; set; }
    public string? NextPageToken { get; set; }
}

internal sealed class CreateModelVersionRequest
{
    public string? Name { get; set; }
    public string? Source { get; set; }
    public string? RunId { get; set; }
    public List<KeyValueDto>? Tags { get; set; }
}

internal sealed class ModelVersionResponse
{
    public ModelVersionDto? ModelVersion { get; set; }
}

internal sealed class SearchModelVersionsResponse
{
    public List<ModelVersionDto>? ModelVersions { get; set; }
    public string? NextPageToken { get; set; }
}

internal sealed class SetModelVersionTagRequest
{
    public string? Name { get; set; }
    public string? Version { get; set; }
    public string? Key { get; set; }
    public string? Value { get; set; }
}

internal sealed class SetAliasRequest
{
    public string? Name { get; set; }
    public string? Alias { get; set; }
    public string? Version { get; set; }
}

internal sealed class DeleteAliasRequest
{
    public string? Name { get; set; }
    public string? Alias { get; set; }
}
