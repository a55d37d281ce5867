using System.Text.Json.Serialization;

namespace Sdk.MlOps.MLflow.Rest;

/// <summary>
/// Source-generated JSON for the wire types. Unknown members are skipped (3.x adds fields). Numbers may come as
/// strings (proto3 JSON allows int64 as a string) and NaN/Infinity as "NaN"/"Infinity", which is how protobuf
/// writes and reads non-finite metric values.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(EmptyMessage))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(CreateExperimentRequest))]
[JsonSerializable(typeof(CreateExperimentResponse))]
[JsonSerializable(typeof(ExperimentResponse))]
[JsonSerializable(typeof(SearchExperimentsRequest))]
[JsonSerializable(typeof(SearchExperimentsResponse))]
[JsonSerializable(typeof(CreateRunRequest))]
[JsonSerializable(typeof(RunResponse))]
[JsonSerializable(typeof(UpdateRunRequest))]
[JsonSerializable(typeof(SearchRunsRequest))]
[JsonSerializable(typeof(SearchRunsResponse))]
[JsonSerializable(typeof(LogBatchRequest))]
[JsonSerializable(typeof(LogInputsRequest))]
[JsonSerializable(typeof(MetricHistoryResponse))]
[JsonSerializable(typeof(ListArtifactsResponse))]
[JsonSerializable(typeof(CreateRegisteredModelRequest))]
[JsonSerializable(typeof(RegisteredModelResponse))]
[JsonSerializable(typeof(SearchRegisteredModelsResponse))]
[JsonSerializable(typeof(CreateModelVersionRequest))]
[JsonSerializable(typeof(ModelVersionResponse))]
[JsonSerializable(typeof(SearchModelVersionsResponse))]
[JsonSerializable(typeof(SetModelVersionTagRequest))]
[JsonSerializable(typeof(SetAliasRequest))]
[JsonSerializable(typeof(DeleteAliasRequest))]
internal sealed partial class WireJson : JsonSerializerContext;
