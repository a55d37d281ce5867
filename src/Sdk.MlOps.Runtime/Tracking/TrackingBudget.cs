using System.Globalization;
using Sdk.MlOps.Diagnostics;
using Sdk.MlOps.Hosting;
using Sdk.MlOps.MLflow;

namespace Sdk.MlOps.Tracking;

/// <summary>
/// How long one command may wait on an MLflow server that is down. Every request (not artifact transfers) is
/// bounded by the budget, retries included, and the client fails fast after the first outage, so a server that
/// refuses connections or never answers costs one budget per command, not retries in every step.
/// </summary>
internal static class TrackingBudget
{
    public const string Variable = "MLOPS_TRACKING_BUDGET";

    public static readonly TimeSpan Default = TimeSpan.FromSeconds(5);

    /// <summary>The request's <see cref="TrackingSettings.BudgetSeconds"/>, else <c>MLOPS_TRACKING_BUDGET</c> (seconds), else 5 s.</summary>
    public static TimeSpan Resolve(TrackingSettings settings, Func<string, string?> environment)
    {
        if (settings.BudgetSeconds is { } fromRequest) return Check(fromRequest, fromRequest.ToString(CultureInfo.InvariantCulture));
        if (environment(Variable) is not { } text || string.IsNullOrWhiteSpace(text)) return Default;
        return double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            ? Check(seconds, text)
            : throw Unusable(text);
    }

    /// <summary>The client options of a model process: MLflow's settings from the environment, within the budget.</summary>
    public static MlflowClientOptions Apply(MlflowClientOptions options, TimeSpan budget)
    {
        options.FailFastAfterOutage = true;
        if (options.RequestTimeout > budget) options.RequestTimeout = budget;
        if (options.TotalTimeout > budget) options.TotalTimeout = budget;
        return options;
    }

    private static TimeSpan Check(double seconds, string text) =>
        double.IsFinite(seconds) && seconds > 0 && seconds <= TimeSpan.MaxValue.TotalSeconds / 2 ? TimeSpan.FromSeconds(seconds) : throw Unusable(text);

    private static MlOpsException Unusable(string text) => new(ErrorCodes.TrackingFailed,
        $"{Variable} is '{text}', which is not a number of seconds above 0. Set it to e.g. 5, or leave it unset.");
}
