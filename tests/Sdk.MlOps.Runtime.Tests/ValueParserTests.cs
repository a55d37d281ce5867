using Sdk.MlOps.Data;

namespace Sdk.MlOps.Runtime.Tests;

/// <summary>ML.NET's conversions for the kinds its loader throws on, as the SDK checks them.</summary>
[TestClass]
public sealed class ValueParserTests
{
    [TestMethod]
    [DataRow("", 0L)]
    [DataRow("42", 42L)]
    [DataRow("-7", -7L)]
    [DataRow("2147483647", 2147483647L)]
    [DataRow("-2147483648", -2147483648L)]
    public void Int32LikeMLNet(string text, long expected)
    {
        Assert.IsTrue(ValueParser.TryParseInt64(text, int.MaxValue, out var value));
        Assert.AreEqual(expected, value);
    }

    [TestMethod]
    [DataRow("2147483648")]
    [DataRow("+1")]
    [DataRow("1.5")]
    [DataRow("1 ")]
    [DataRow("-")]
    [DataRow("x")]
    public void Int32RefusedLikeMLNet(string text) => Assert.IsFalse(ValueParser.TryParseInt64(text, int.MaxValue, out _));

    [TestMethod]
    public void Int64Limits()
    {
        Assert.IsTrue(ValueParser.TryParseInt64("-9223372036854775808", long.MaxValue, out var min));
        Assert.AreEqual(long.MinValue, min);
        Assert.IsFalse(ValueParser.TryParseInt64("9223372036854775808", long.MaxValue, out _));
    }

    [TestMethod]
    [DataRow("true", true)]
    [DataRow("TRUE", true)]
    [DataRow("+1", true)]
    [DataRow("y", true)]
    [DataRow("", false)]
    [DataRow("No", false)]
    [DataRow("-", false)]
    public void BooleanForms(string text, bool expected)
    {
        Assert.IsTrue(ValueParser.TryParseBoolean(text, out var value));
        Assert.AreEqual(expected, value);
    }

    [TestMethod]
    [DataRow("maybe")]
    [DataRow("true ")]
    public void BooleanRefused(string text) => Assert.IsFalse(ValueParser.TryParseBoolean(text, out _));

    [TestMethod]
    public void DatesAreReadAsUtc()
    {
        Assert.IsTrue(ValueParser.TryParseDateTime("2024-03-01T10:00:00+02:00", out var value));
        Assert.AreEqual(new DateTime(2024, 3, 1, 8, 0, 0, DateTimeKind.Utc), value);
        Assert.IsFalse(ValueParser.TryParseDateTime("not a date", out _));
    }

    [TestMethod]
    [DataRow("NaN", true)]
    [DataRow("?", true)]
    [DataRow("n/a", true)]
    [DataRow("-inf", true)]
    [DataRow("Infinity", true)]
    [DataRow("12;5", false)]
    public void NonFiniteSpellings(string text, bool expected) => Assert.AreEqual(expected, ValueParser.IsNonFiniteText(text));

    [TestMethod]
    public void KindsOfSupportedTypes()
    {
        Assert.AreEqual(ValueKind.Single, ValueParser.KindOf(typeof(float[])));
        Assert.AreEqual(ValueKind.Boolean, ValueParser.KindOf(typeof(bool)));
        Assert.IsNull(ValueParser.KindOf(typeof(decimal)));
        Assert.IsNull(ValueParser.KindOf(typeof(int?)));
    }
}
