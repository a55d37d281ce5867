using Sdk.MlOps.Serving.Models;
using Sdk.MlOps.Serving.Protocol;

namespace Sdk.MlOps.Serving.Endpoints;

/// <summary>Error answers, all <c>{"error": "..."}</c> as the Open Inference Protocol has them.</summary>
internal static class Errors
{
    public static IResult Json(int status, string message, string? traceId = null) =>
        Results.Json(new ErrorResponse(message, traceId), ServingJson.Options, statusCode: status);

    /// <summary>The served model named <paramref name="name"/>, in <paramref name="version"/> when one is asked for; else a 404.</summary>
    public static ServedModel Find(HttpContext context, string name, string? version = null)
    {
        var model = ServedModels.Of(context.RequestServices).Find(name)
            ?? throw new InputError(StatusCodes.Status404NotFound, $"Model '{name}' is not served here.");
        if (version is not null && version != model.Identity.Version)
            throw new InputError(StatusCodes.Status404NotFound, $"Model '{name}' has no version '{version}' here; version '{model.Identity.Version}' is served.");
        return model;
    }
}
