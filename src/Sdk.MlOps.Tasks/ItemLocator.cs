using System.Xml;
using System.Xml.Linq;
using Microsoft.Build.Framework;

namespace Sdk.MlOps.Tasks;

/// <summary>
/// Finds the line of the project file where an item (a gate, a data file) is declared, so an error can point
/// at it. MSBuild does not hand a task the location of an item, so the project XML is read again (it is small).
/// </summary>
internal sealed class ItemLocator
{
    private readonly string _projectFile;
    private readonly XElement[] _elements;

    /// <summary>
    /// One parse of the project per build, shared by the tasks that locate items (kept by MSBuild for the build,
    /// keyed by the file's last-write time so an edited project is read again).
    /// </summary>
    public static ItemLocator For(IBuildEngine engine, string projectFile)
    {
        if (engine is not IBuildEngine4 cache) return new ItemLocator(projectFile);
        var key = $"Sdk.MlOps.ItemLocator|{projectFile}|{File.GetLastWriteTimeUtc(projectFile).Ticks}";
        if (cache.GetRegisteredTaskObject(key, RegisteredTaskObjectLifetime.Build) is ItemLocator known) return known;
        var locator = new ItemLocator(projectFile);
        cache.RegisterTaskObject(key, locator, RegisteredTaskObjectLifetime.Build, allowEarlyCollection: true);
        return locator;
    }

    public ItemLocator(string projectFile)
    {
        _projectFile = projectFile;
        try
        {
            _elements = XDocument.Load(projectFile, LoadOptions.SetLineInfo).Descendants().ToArray();
        }
        catch (Exception e) when (e is IOException or XmlException or UnauthorizedAccessException)
        {
            _elements = [];
        }
    }

    /// <summary>The project file and the line of the item, or the project file alone when it is declared elsewhere.</summary>
    public (string File, int Line) Locate(string itemType, string include)
    {
        var element = _elements.FirstOrDefault(e => e.Name.LocalName == itemType && Matches(e, include))
            ?? _elements.FirstOrDefault(e => e.Name.LocalName == itemType && Mentions(e, include));
        return (_projectFile, element is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : 0);
    }

    /// <summary>The line of the first <paramref name="itemType"/> whose Include has a wildcard, where MSBuild made files of it.</summary>
    public (string File, int Line) LocateWildcard(string itemType)
    {
        var element = _elements.FirstOrDefault(e => e.Name.LocalName == itemType && ((string?)e.Attribute("Include"))?.IndexOfAny(['*', '?']) >= 0);
        return (_projectFile, element is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : 0);
    }

    /// <summary>The project file and the line of the property's last definition in it (the one that wins), else line 0.</summary>
    public (string File, int Line) LocateProperty(string name)
    {
        var element = _elements.LastOrDefault(e => e.Name.LocalName == name && e.Parent?.Name.LocalName == "PropertyGroup");
        return (_projectFile, element is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : 0);
    }

    private static bool Matches(XElement e, string include) =>
        string.Equals(Normalize((string?)e.Attribute("Include")), Normalize(include), StringComparison.OrdinalIgnoreCase);

    private static bool Mentions(XElement e, string include) =>
        ((string?)e.Attribute("Include"))?.Split(';').Any(part => string.Equals(Normalize(part), Normalize(include), StringComparison.OrdinalIgnoreCase)) == true;

    private static string Normalize(string? path) => (path ?? "").Trim().Replace('\\', '/');
}
