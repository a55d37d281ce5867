using System.Text.Json;
using System.Text.Json.Serialization;
using Sdk.MlOps.Inference;

namespace Sdk.MlOps.Serving.Protocol;

// The JSON the host answers with. Property names follow the Open Inference Protocol (snake_case where it says so)
// and camelCase elsewhere; nulls are left out, so an optional field is absent rather than null.

/// <summary>How every response is written.</summary>
internal static class ServingJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // A model can score NaN; JSON has no such number, and a serializer exception would turn it into a 500.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        // Answers are JSON for programs and people at a terminal, never HTML: quotes and brackets stay readable.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

/// <summary>Every error: what was wrong, and for an unexpected one the trace id to find it in the server's log.</summary>
internal sealed record ErrorResponse(string Error, [property: JsonPropertyName("trace_id")] string? TraceId = null);

internal sealed record V2Live(bool Live);

internal sealed record V2Ready(bool Ready);

internal sealed record V2ModelReady(string Name, bool Ready);

internal sealed record V2ServerMetadata(string Name, string Version, IReadOnlyList<string> Extensions);

internal sealed record V2TensorMetadata(string Name, string Datatype, long[] Shape);

internal sealed record V2ModelMetadata(string Name, IReadOnlyList<string> Versions, string Platform, IReadOnlyList<V2TensorMetadata> Inputs, IReadOnlyList<V2TensorMetadata> Outputs);

/// <summary>An output tensor; <see cref="Data"/> is a typed array, flat in row-major order.</summary>
internal sealed record V2Tensor(string Name, string Datatype, long[] Shape, object Data);

internal sealed record V2InferenceResponse(
    [property: JsonPropertyName("model_name")] string ModelName,
    [property: JsonPropertyName("model_version")] string ModelVersion,
    string Id,
    IReadOnlyList<V2Tensor> Outputs);

/// <summary>The request, as the OpenAPI document shows it; the host reads it itself to name every error exactly.</summary>
internal sealed record V2InferenceRequest(string? Id, IReadOnlyList<V2RequestTensor> Inputs, IReadOnlyList<V2RequestedOutput>? Outputs);

internal sealed record V2RequestTensor(string Name, long[] Shape, string Datatype, JsonElement Data);

internal sealed record V2RequestedOutput(string Name);

/// <summary>One prediction of <c>POST /predict</c>; a batch is answered with an array of them.</summary>
internal sealed record PredictResponse(string Model, string Version, string? Label, float Score, float? Probability, IReadOnlyList<ClassScore>? Top);
