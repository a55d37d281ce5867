using Sdk.MlOps.Reports;

namespace Sdk.MlOps.Tracking;

/// <summary>
/// The version the <c>champion</c> alias points to: its stored test metrics, and its model and training report
/// from its run, to score it on today's test rows. <see cref="ModelPath"/> is null when the run lacks them (a
/// champion registered without its model) or they do not match; <see cref="Unavailable"/> then says why.
/// </summary>
internal sealed record Champion(ChampionBaseline Baseline, string? ModelPath, TrainingReport? Training, string? Unavailable = null);
