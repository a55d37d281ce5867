using System.Xml;
using System.Xml.Linq;

namespace Sdk.MlOps.Tasks;

/// <summary>
/// Finds the line of the project file where an item (a gate, a data file) is declared, so an error can point
/// at it. MSBuild does not hand a task the location of an item, so the project XML is read again (it is small).
/// </summary>
internal sealed class ItemLocator
{
    private readonly string _projectFile;
    private readonly XElement[] _elements;

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

    private static bool Matches(XElement e, string include) =>
        string.Equals(Normalize((string?)e.Attribute("Include")), Normalize(include), StringComparison.OrdinalIgnoreCase);

    private static bool Mentions(XElement e, string include) =>
        ((string?)e.Attribute("Include"))?.Split(';').Any(part => Normalize(part) == Normalize(include)) == true;

    private static string Normalize(string? path) => (path ?? "").Trim().Replace('\\', '/');
}
