using System.Collections;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Sdk.MlOps.Tasks.Tests;

/// <summary>
/// An item as MSBuild hands it to a task from a project: its spec relative to the project, its FullPath resolved
/// against the project's directory (a plain <see cref="TaskItem"/> resolves against the current directory).
/// </summary>
internal sealed class ProjectItem(string projectDirectory, string itemSpec) : ITaskItem
{
    private readonly TaskItem _inner = new(itemSpec);

    public string ItemSpec
    {
        get => _inner.ItemSpec;
        set => _inner.ItemSpec = value;
    }

    public ICollection MetadataNames => _inner.MetadataNames;
    public int MetadataCount => _inner.MetadataCount;

    public string GetMetadata(string metadataName) =>
        metadataName == "FullPath" ? Path.GetFullPath(Path.Combine(projectDirectory, ItemSpec)) : _inner.GetMetadata(metadataName);

    public void SetMetadata(string metadataName, string metadataValue) => _inner.SetMetadata(metadataName, metadataValue);
    public void RemoveMetadata(string metadataName) => _inner.RemoveMetadata(metadataName);
    public void CopyMetadataTo(ITaskItem destinationItem) => _inner.CopyMetadataTo(destinationItem);
    public IDictionary CloneCustomMetadata() => _inner.CloneCustomMetadata();
}
