using System.Numerics;
using Sdk.MlOps.Statistics;

namespace Sdk.MlOps.Runtime.Tests.Statistics;

[TestClass]
public sealed class McNemarTests
{
    [TestMethod]
    public void TenAgainstTwo_IsTwiceTheBinomialTail()
    {
        // P(X ≤ 2), X ~ Bin(12, ½) = (1 + 12 + 66) / 4096; two-sided: 79/2048.
        Assert.AreEqual(79.0 / 2048, McNemar.ExactP(10, 2), 1e-15);
        Assert.AreEqual(79.0 / 2048, McNemar.ExactP(2, 10), 1e-15);
    }

    [TestMethod]
    [DataRow(0, 0)]
    [DataRow(1, 1)]
    [DataRow(37, 37)]
    [DataRow(5, 6)]
    public void NoDiscordantRowsOrAnEvenSplit_IsOne(int b, int c) => Assert.AreEqual(1.0, McNemar.ExactP(b, c));

    [TestMethod]
    [DataRow(0, 30)]
    [DataRow(300, 360)]
    [DataRow(5000, 5200)]
    public void MatchesTheExactRationalValue(int b, int c)
    {
        var n = b + c;
        BigInteger choose = 1, tail = 1;
        for (var k = 1; k <= Math.Min(b, c); k++)
        {
            choose = choose * (n - k + 1) / k;
            tail += choose;
        }
        var exact = Math.Min(1, Math.Exp(BigInteger.Log(2 * tail) - n * Math.Log(2)));

        var p = McNemar.ExactP(b, c);

        Assert.IsGreaterThan(0.0, p);
        Assert.IsLessThan(1.0, p);
        Assert.AreEqual(exact, p, exact * 1e-9);
    }

    [TestMethod]
    public void AMillionDiscordantRows_StayFiniteAndAccurate()
    {
        // 2^-1,000,000 underflows a double; the tail itself does not. z ≈ −2 and −20 under the normal approximation.
        var close = McNemar.ExactP(499_000, 501_000);
        var far = McNemar.ExactP(490_000, 510_000);

        Assert.IsTrue(close is > 0.044 and < 0.047, $"{close}");
        Assert.IsTrue(far is > 0 and < 1e-80, $"{far}");
    }

    [TestMethod]
    public void NegativeCounts_AreRefused() => Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => McNemar.ExactP(-1, 3));
}
