using System.Reflection;
using Sdk.MlOps.Diagnostics;

namespace Sdk.MlOps.Hosting;

/// <summary>Finds the one model class of the project (or the one <c>MlOpsModelClass</c> names).</summary>
internal static class ModelLocator
{
    public static ModelBase Find(Assembly assembly, string? className)
    {
        var candidates = assembly.GetTypes()
            .Where(t => typeof(ModelBase).IsAssignableFrom(t) && !t.IsAbstract && !t.IsGenericTypeDefinition)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .ToArray();

        if (!string.IsNullOrEmpty(className))
        {
            var named = candidates.FirstOrDefault(t => t.FullName == className || t.Name == className)
                ?? throw new MlOpsException(ErrorCodes.NoModelClass,
                    $"MlOpsModelClass is '{className}', but no model class has that name. Model classes here: {Names(candidates)}.");
            return Create(named);
        }

        return candidates.Length switch
        {
            0 => throw new MlOpsException(ErrorCodes.NoModelClass,
                $"{assembly.GetName().Name} has no model class. Add a public class deriving from MulticlassClassificationModel<T>, BinaryClassificationModel<T>, RegressionModel<T> or AnomalyDetectionModel<T>."),
            1 => Create(candidates[0]),
            _ => throw new MlOpsException(ErrorCodes.TooManyModelClasses,
                $"{assembly.GetName().Name} has {candidates.Length} model classes ({Names(candidates)}); a project builds one model. Keep one, make the others abstract, or set MlOpsModelClass."),
        };
    }

    private static ModelBase Create(Type type)
    {
        if (type.GetConstructor(Type.EmptyTypes) is null)
            throw new MlOpsException(ErrorCodes.NoModelClass, $"Model class {type.FullName} needs a public parameterless constructor.");
        try
        {
            return (ModelBase)Activator.CreateInstance(type)!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw new MlOpsException(ErrorCodes.PipelineThrew, $"The constructor of {type.FullName} threw {e.InnerException.GetType().Name}: {e.InnerException.Message}",
                UserCode.Location(e.InnerException, type.Assembly), e.InnerException);
        }
    }

    private static string Names(IEnumerable<Type> types) => string.Join(", ", types.Select(t => t.FullName));
}
