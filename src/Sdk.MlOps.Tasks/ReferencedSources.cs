using Microsoft.Build.Framework;

namespace Sdk.MlOps.Tasks;

/// <summary>
/// The hand-written sources of referenced projects, each named by its project and its path relative to that
/// project (so every clone names it the same). Generated sources under the project's obj/ are left out, as for
/// the model's own.
/// </summary>
internal sealed class ReferencedSources(ITaskItem[] items) : IEnumerable<ReferencedSources.Source>
{
    public sealed class Source(string project, string relativePath, string path)
    {
        public string Project { get; } = project;
        public string RelativePath { get; } = relativePath;
        public string Path { get; } = path;
    }

    public IEnumerator<Source> GetEnumerator()
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in items)
        {
            var project = item.GetMetadata("MSBuildSourceProjectFile");
            var path = item.GetMetadata("FullPath");
            if (project.Length == 0 || !path.EndsWith(".cs", StringComparison.OrdinalIgnoreCase) || !File.Exists(path)) continue;
            var projectDir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(project))!;
            var relative = ComputeModelInputs.Relative(projectDir, path);
            if (("/" + relative).IndexOf("/obj/", StringComparison.OrdinalIgnoreCase) >= 0) continue;
            if (!seen.Add(path)) continue;
            yield return new Source(System.IO.Path.GetFileNameWithoutExtension(project), relative, path);
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
