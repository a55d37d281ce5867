namespace Sdk.MlOps.Statistics;

/// <summary>
/// McNemar's exact test: on rows where exactly one of two models is right, is each as likely to be the one? Only
/// those discordant rows carry information about the difference in accuracy, and their split is Binomial(b + c, ½).
/// </summary>
internal static class McNemar
{
    /// <summary>
    /// Two-sided p-value, min(1, 2·P(X ≤ min(b, c))) with X ~ Bin(b + c, ½); 1 when no row is discordant. Computed in
    /// log space, so it stays finite and accurate for a million discordant rows, where 2^−n underflows.
    /// </summary>
    public static double ExactP(int candidateOnlyRight, int championOnlyRight)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(candidateOnlyRight);
        ArgumentOutOfRangeException.ThrowIfNegative(championOnlyRight);
        long n = (long)candidateOnlyRight + championOnlyRight;
        if (n == 0) return 1;
        var k = Math.Min(candidateOnlyRight, championOnlyRight);
        // The smaller count is at least (n − 1)/2: the tail holds half the mass or more, exactly.
        if (2L * k >= n - 1) return 1;

        // P(X = k) is the largest term of the tail (k ≤ n/2); sum the tail relative to it, walking down.
        var logTop = LogChoose(n, k) - n * Math.Log(2);
        double sum = 1, term = 1;
        for (long j = k; j > 0; j--)
        {
            term *= j / (double)(n - j + 1);
            sum += term;
            if (term < sum * 1e-17) break;
        }
        return Math.Min(1, Math.Exp(Math.Log(2) + logTop + Math.Log(sum)));
    }

    /// <summary>
    /// ln C(n, k) as a sum of k logs of ratios (k ≤ n/2 here), compensated (Kahan) so that half a million terms add no
    /// visible rounding.
    /// </summary>
    private static double LogChoose(long n, long k)
    {
        double sum = 0, carry = 0;
        for (long i = 1; i <= k; i++)
        {
            var y = Math.Log((n - k + i) / (double)i) - carry;
            var t = sum + y;
            carry = t - sum - y;
            sum = t;
        }
        return sum;
    }
}
