using Sdk.MlOps.Diagnostics;

namespace Sdk.MlOps.Runtime.Tests;

[TestClass]
public sealed class ModelParametersTests
{
    private static readonly SourceLocation At = new("/p/Model.csproj", 9);

    private static ModelParameters Of(params (string Name, string Value)[] values) =>
        new(values.Select(v => new ModelParameters.Parameter(v.Name, v.Value, At)));

    [TestMethod]
    public void TypedValuesUseInvariantCultureWhateverTheCurrentCulture()
    {
        var p = Of(("Rate", "0.01"), ("Weight", " 2.5 "), ("Trees", "200"), ("Shuffle", "True"), ("Name", "sdca"));

        var rate = Culture.Under("de-DE", () => p.Get("Rate", 1f));
        var weight = Culture.Under("fr-FR", () => p.Get("Weight", 0d));

        Assert.AreEqual(0.01f, rate);
        Assert.AreEqual(2.5, weight);
        Assert.AreEqual(200, p.Get("Trees", 0));
        Assert.IsTrue(p.Get("Shuffle", false));
        Assert.AreEqual("sdca", p.Get("Name", ""));
    }

    [TestMethod]
    public void NamesIgnoreCase() => Assert.AreEqual(7, Of(("Trees", "7")).Get("trees", 0));

    [TestMethod]
    public void AbsentParameterGivesTheDefault()
    {
        var p = Of();

        Assert.AreEqual(0.5f, p.Get("Rate", 0.5f));
        Assert.AreEqual(3, p.Get("Trees", 3));
        Assert.AreEqual("x", p.Get("Name", "x"));
        Assert.IsFalse(p.Contains("Rate"));
    }

    [TestMethod]
    [DataRow("not a number")]
    [DataRow("2147483648")]
    [DataRow("1.5")]
    public void BadIntegerIsAParameterErrorAtTheItem(string value)
    {
        var e = Assert.ThrowsExactly<MlOpsException>(() => Of(("Trees", value)).Get("Trees", 0));

        Assert.AreEqual(ErrorCodes.ParameterInvalid, e.Code);
        Assert.AreEqual(At, e.Location);
        Assert.Contains("Trees", e.Message);
    }

    [TestMethod]
    public void BadBooleanIsAParameterError() =>
        Assert.AreEqual(ErrorCodes.ParameterInvalid, Assert.ThrowsExactly<MlOpsException>(() => Of(("Shuffle", "maybe")).Get("Shuffle", false)).Code);

    [TestMethod]
    public void CommaDecimalIsAParameterError() =>
        Assert.ThrowsExactly<MlOpsException>(() => Of(("Rate", "0,01")).Get("Rate", 0f));

    [TestMethod]
    public void UnreadListsOnlyParametersNeverRead()
    {
        var p = Of(("Rate", "0.1"), ("Trees", "5"), ("Optional", "1"), ("Typo", "1"));

        p.Get("rate", 0f);
        p.Get("Trees", 0);
        p.Contains("Optional"); // asking whether it is set is reading it

        CollectionAssert.AreEqual(new[] { "Typo" }, p.Unread.Select(u => u.Name).ToArray());
    }
}
