using Microsoft.Extensions.DependencyInjection;

namespace Sdk.MlOps.Serving.Models;

/// <summary>One <c>AddServedModel</c> call: the name, the input class, and how to build the model from the container.</summary>
internal sealed record ServedModelRegistration(string Name, Type InputType, Func<IServiceProvider, ServedModel> Create);

/// <summary>
/// Every model the host serves, by name. Building it loads them all, which the host does before it listens
/// (see <see cref="Hosting.ServingLifecycle"/>), so a bundle that cannot be loaded stops the host at start.
/// </summary>
internal sealed class ServedModels
{
    private readonly Dictionary<string, ServedModel> _byName;

    public ServedModels(IEnumerable<ServedModelRegistration> registrations, IServiceProvider services)
    {
        // Without case: Kubernetes names (an InferenceService's, which KServe clients take for the model's) are lower-case.
        _byName = new Dictionary<string, ServedModel>(StringComparer.OrdinalIgnoreCase);
        foreach (var registration in registrations)
        {
            if (_byName.ContainsKey(registration.Name))
                throw new InvalidOperationException($"Two served models are named '{registration.Name}' (names are compared without case): each needs a name of its own.");
            _byName[registration.Name] = registration.Create(services);
        }

    }

    public ServedModel? Find(string name) => _byName.GetValueOrDefault(name);

    public static ServedModels Of(IServiceProvider services) => services.GetRequiredService<ServedModels>();
}
