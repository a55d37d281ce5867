using Sdk.MlOps.Data;

namespace Sdk.MlOps.Runtime.Tests;

[TestClass]
public sealed class ValueParserTests
{
    private static (bool Ok, object Value) Parse(ValueKind kind, string text) =>
        (ValueParser.TryParse(kind, text, out var value), value);

    [TestMethod]
    public void FloatsUseInvariantCultureWhateverTheCurrentCulture()
    {
        var (ok, value) = Culture.Under("de-DE", () => Parse(ValueKind.Single, "1.5"));

        Assert.IsTrue(ok);
        Assert.AreEqual(1.5f, value);
    }

    [TestMethod]
    public void DoublesAcceptExponentAndSurroundingSpace()
    {
        var (ok, value) = Parse(ValueKind.Double, " -2.5e3 ");

        Assert.IsTrue(ok);
        Assert.AreEqual(-2500d, value);
    }

    [TestMethod]
    public void CommaDecimalIsNotSilentlyReadAsThousands()
    {
        var (ok, value) = Parse(ValueKind.Single, "1,5");

        Assert.IsFalse(ok, $"'1,5' was read as {value}");
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("  ")]
    [DataRow("?")]
    public void MissingFloatIsNaN(string text)
    {
        var (ok, value) = Parse(ValueKind.Single, text);

        Assert.IsTrue(ok);
        Assert.IsTrue(float.IsNaN((float)value));
    }

    [TestMethod]
    public void MissingDoubleIsNaN()
    {
        var (ok, value) = Parse(ValueKind.Double, "");

        Assert.IsTrue(ok);
        Assert.IsTrue(double.IsNaN((double)value));
    }

    [TestMethod]
    [DataRow(nameof(ValueKind.Single), "abc")]
    [DataRow(nameof(ValueKind.Double), "1.2.3")]
    [DataRow(nameof(ValueKind.Int32), "")]
    [DataRow(nameof(ValueKind.Int32), "1.5")]
    [DataRow(nameof(ValueKind.Int32), "2147483648")]
    [DataRow(nameof(ValueKind.Int64), "9223372036854775808")]
    [DataRow(nameof(ValueKind.Boolean), "maybe")]
    [DataRow(nameof(ValueKind.DateTime), "not a date")]
    public void InvalidValuesFail(string kind, string text) => Assert.IsFalse(Parse(Enum.Parse<ValueKind>(kind), text).Ok);

    [TestMethod]
    [DataRow("true", true)]
    [DataRow("TRUE", true)]
    [DataRow("1", true)]
    [DataRow("yes", true)]
    [DataRow("false", false)]
    [DataRow("0", false)]
    [DataRow("No", false)]
    public void BooleanForms(string text, bool expected)
    {
        var (ok, value) = Parse(ValueKind.Boolean, text);

        Assert.IsTrue(ok);
        Assert.AreEqual(expected, value);
    }

    [TestMethod]
    public void IntegersParse()
    {
        Assert.AreEqual(-42, Parse(ValueKind.Int32, "-42").Value);
        Assert.AreEqual(9_000_000_000L, Parse(ValueKind.Int64, "9000000000").Value);
    }

    [TestMethod]
    public void StringsKeepTheirSpaces() => Assert.AreEqual(" a b ", Parse(ValueKind.String, " a b ").Value);

    [TestMethod]
    public void DatesAreReadAsUtc()
    {
        var value = (DateTime)Parse(ValueKind.DateTime, "2024-03-01 12:30:00").Value;

        Assert.AreEqual(new DateTime(2024, 3, 1, 12, 30, 0, DateTimeKind.Utc), value);
        Assert.AreEqual(DateTimeKind.Utc, value.Kind);
    }

    [TestMethod]
    public void KindsOfSupportedTypes()
    {
        Assert.AreEqual(ValueKind.Single, ValueParser.KindOf(typeof(float[])));
        Assert.AreEqual(ValueKind.Boolean, ValueParser.KindOf(typeof(bool)));
        Assert.IsNull(ValueParser.KindOf(typeof(decimal)));
        Assert.IsNull(ValueParser.KindOf(typeof(int?)));
    }
}
