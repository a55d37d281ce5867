using Microsoft.Extensions.DependencyInjection;

namespace Sdk.MlOps.Inference;

/// <summary>Registers models for dependency injection.</summary>
public static class ModelServiceCollectionExtensions
{
    /// <summary>
    /// Registers the model in <paramref name="modelFile"/> as a singleton <see cref="ModelPredictor{TInput}"/>,
    /// also keyed by <paramref name="name"/> so that one application can hold several models of one input class.
    /// It reloads when the file is replaced, unless <paramref name="configure"/> says otherwise.
    /// </summary>
    public static IServiceCollection AddModelPredictor<TInput>(this IServiceCollection services, string name, string modelFile, Action<ModelPredictorOptions>? configure = null)
        where TInput : class, new()
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(modelFile);
        var options = new ModelPredictorOptions { WatchForChanges = true };
        configure?.Invoke(options);
        services.AddKeyedSingleton(name, (_, _) => new ModelPredictor<TInput>(modelFile, options));
        services.AddSingleton(provider => provider.GetRequiredKeyedService<ModelPredictor<TInput>>(name));
        return services;
    }
}
