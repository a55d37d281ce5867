using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Sdk.MlOps.Tasks;

/// <summary>
/// Checks that the model in the output folder is the one its training report describes, trained from the current
/// inputs. Before training (<see cref="Record"/> false) an unverified model only drops the verification record, an
/// output of the training target, so MSBuild runs that target and says why; a model whose bytes were changed by
/// hand is reported. After training or a restore (<see cref="Record"/> true) a mismatch is an error, and a match
/// is recorded.
/// </summary>
public sealed class VerifyModel : Task
{
    [Required] public string ProjectFile { get; set; } = "";
    [Required] public string ModelPath { get; set; } = "";
    [Required] public string TrainingReportPath { get; set; } = "";
    [Required] public string InputHash { get; set; } = "";
    /// <summary>Where the verified state is remembered; its absence makes the training target run.</summary>
    [Required] public string RecordFile { get; set; } = "";
    public bool Record { get; set; }

    [Output] public bool Verified { get; private set; }

    public override bool Execute()
    {
        var verdict = ModelIntegrity.Check(ModelPath, TrainingReportPath, InputHash, RecordFile, out var detail);
        Verified = verdict == ModelIntegrity.Verdict.Verified;
        if (Verified)
        {
            ModelIntegrity.Record(ModelPath, TrainingReportPath, InputHash, RecordFile);
            return true;
        }

        ModelIntegrity.Forget(RecordFile);
        var name = Path.GetFileName(ModelPath);
        if (Record)
            Log.Error(ErrorCodes.ModelMismatch, $"The model {name} does not match its training report: {detail}. Nothing was kept as verified; build again to retrain it.", ProjectFile);
        else if (verdict == ModelIntegrity.Verdict.Damaged)
            Log.Warning(ErrorCodes.ModelMismatch, $"The model {name} in the output folder does not match its training report: {detail}. It is replaced.", ProjectFile);
        else
            Log.LogMessage(MessageImportance.Low, "{0} must be produced: {1}.", name, detail);
        return !Log.HasLoggedErrors;
    }
}
