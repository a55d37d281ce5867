using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Sdk.MlOps.Serving.Hosting;

/// <summary>
/// Applies the environment variables a container is usually given (<c>MLOPS_API_KEY</c>,
/// <c>MLOPS_PREDICTION_LOG_DIR</c>) over the bound section. They are read through <see cref="IConfiguration"/>, where
/// the host's environment provider puts them, so a test (or any other provider) can supply them too.
/// </summary>
internal static class ServingEnvironment
{
    public const string ApiKeyVariable = "MLOPS_API_KEY";
    public const string PredictionLogVariable = "MLOPS_PREDICTION_LOG_DIR";

    public static void Apply(ModelServingOptions options, IConfiguration configuration)
    {
        if (configuration[ApiKeyVariable] is { Length: > 0 } key) options.ApiKey = key;
        if (configuration[PredictionLogVariable] is { Length: > 0 } folder) options.PredictionLog.Directory = folder;
    }
}

/// <summary>Refuses settings that would make the host misbehave rather than fail, at start.</summary>
internal sealed class ServingOptionsValidation : IValidateOptions<ModelServingOptions>
{
    public ValidateOptionsResult Validate(string? name, ModelServingOptions o)
    {
        var failures = new List<string>();
        if (o.ApiKey is { } key && string.IsNullOrWhiteSpace(key)) failures.Add("MlOps:Serving:ApiKey is blank: set a key, or leave it out to serve without one.");
        if (o.MaxRequestBodyBytes <= 0) failures.Add("MlOps:Serving:MaxRequestBodyBytes must be positive.");
        if (o.MaxBatchSize <= 0) failures.Add("MlOps:Serving:MaxBatchSize must be positive.");
        if (o.DrainDelay < TimeSpan.Zero) failures.Add("MlOps:Serving:DrainDelay must not be negative.");
        if (o.ShutdownTimeout <= TimeSpan.Zero) failures.Add("MlOps:Serving:ShutdownTimeout must be positive.");
        if (o.RateLimit.PermitLimit < 0) failures.Add("MlOps:Serving:RateLimit:PermitLimit must not be negative.");
        if (o.RateLimit.Window <= TimeSpan.Zero) failures.Add("MlOps:Serving:RateLimit:Window must be positive.");
        var log = o.PredictionLog;
        if (log.SampleRate is < 0 or > 1 || double.IsNaN(log.SampleRate)) failures.Add("MlOps:Serving:PredictionLog:SampleRate must be between 0 and 1.");
        if (log.MaxFileBytes <= 0) failures.Add("MlOps:Serving:PredictionLog:MaxFileBytes must be positive.");
        if (log.MaxFiles <= 0) failures.Add("MlOps:Serving:PredictionLog:MaxFiles must be positive.");
        if (log.QueueCapacity <= 0) failures.Add("MlOps:Serving:PredictionLog:QueueCapacity must be positive.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
