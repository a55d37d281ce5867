using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Sdk.MlOps.Generators
{
    /// <summary>
    /// Finds the model class (a non-abstract class deriving from <c>Sdk.MlOps.Model&lt;TInput&gt;</c>) and writes
    /// <c>&lt;MlOpsModelName&gt;Model</c> in its namespace. Nothing is written for a project with no model class, or
    /// when the project already declares a type of that name (its own API wins).
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class ModelApiGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var models = context.SyntaxProvider.CreateSyntaxProvider(
                    static (node, _) => node is ClassDeclarationSyntax c && c.BaseList != null,
                    static (ctx, _) => InputTypeOf(ctx.SemanticModel.GetDeclaredSymbol(ctx.Node) as INamedTypeSymbol))
                .Where(static m => m != null)
                .Collect();

            var settings = context.AnalyzerConfigOptionsProvider.Select(static (o, _) =>
            {
                o.GlobalOptions.TryGetValue("build_property.MlOpsModelName", out var name);
                o.GlobalOptions.TryGetValue("build_property.MlOpsModelFileName", out var file);
                o.GlobalOptions.TryGetValue("build_property.MlOpsModelClass", out var modelClass);
                return (Name: name ?? "", File: file ?? "", Class: modelClass ?? "");
            });

            var facts = models.Combine(settings).Combine(context.CompilationProvider).Select(static (input, _) =>
            {
                var ((all, s), compilation) = input;
                // A partial model class is found once per declaration; MlOpsModelClass picks one of several, as the
                // engine does (by full or simple name).
                var found = all.GroupBy(m => m!.Value.Class).Select(g => g.First()).ToArray();
                if (s.Class.Length > 0)
                    found = found.Where(m => m!.Value.Class == s.Class || m!.Value.Class.EndsWith("." + s.Class, System.StringComparison.Ordinal)).ToArray();
                // One model class per project is the SDK's rule (the engine reports MLOPS otherwise); without a name
                // the project is not a model project.
                if (found.Length != 1 || s.Name.Length == 0) return null;
                var (_, ns, inputType) = found[0]!.Value;
                var className = ModelApiSource.Identifier(s.Name) + "Model";
                var full = ns.Length > 0 ? ns + "." + className : className;
                if (compilation.GetTypeByMetadataName(full) != null) return null;
                return new ModelApiFacts(ns, className, s.Name, s.File.Length > 0 ? s.File : s.Name + ".zip", inputType);
            });

            context.RegisterSourceOutput(facts, static (ctx, f) =>
            {
                if (f != null) ctx.AddSource(f.ClassName + ".g.cs", ModelApiSource.Render(f));
            });
        }

        /// <summary>The model class's full name, its namespace and its input class's full name, for a concrete model class.</summary>
        private static (string Class, string Namespace, string InputType)? InputTypeOf(INamedTypeSymbol? type)
        {
            if (type == null || type.IsAbstract || type.IsGenericType) return null;
            for (var b = type.BaseType; b != null; b = b.BaseType)
            {
                if (b.Name == "Model" && b.TypeArguments.Length == 1 && b.ContainingNamespace.ToDisplayString() == "Sdk.MlOps")
                {
                    var input = b.TypeArguments[0].ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat).Replace("global::", "");
                    return (type.ToDisplayString(), type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString(), input);
                }
            }

            return null;
        }
    }
}
