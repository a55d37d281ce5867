using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Sdk.MlOps.Tasks;

/// <summary>
/// Whether the model file is the one its training report describes, trained from the current inputs. Hashing a
/// large model on every build would cost more than the no-op build itself, so a verified state is remembered in a
/// record (size and last-write time of model and report, and the input hash): while none of them changed, the
/// model stays verified; any change — a retrain, an interrupted one, a hand-copied file — hashes it again.
/// </summary>
internal static class ModelIntegrity
{
    public enum Verdict { Verified, Missing, OtherInputs, Damaged }

    public static Verdict Check(string modelPath, string reportPath, string inputHash, string recordPath, out string detail)
    {
        detail = "";
        if (!File.Exists(modelPath) || !File.Exists(reportPath))
        {
            detail = "no model or no training report in the output folder";
            return Verdict.Missing;
        }

        var state = State(modelPath, reportPath, inputHash);
        if (File.Exists(recordPath) && SafeRead(recordPath) == state) return Verdict.Verified;

        var facts = TrainingReportFacts.TryRead(reportPath);
        if (facts is null)
        {
            detail = "the training report is not readable";
            return Verdict.Damaged;
        }

        if (!string.Equals(facts.InputHash, inputHash, StringComparison.Ordinal))
        {
            detail = $"it was trained from other inputs (hash {Short(facts.InputHash)}, now {Short(inputHash)})";
            return Verdict.OtherInputs;
        }

        var actual = Sha256Hex.OfFile(modelPath);
        if (!string.Equals(actual, facts.ModelSha256, StringComparison.Ordinal))
        {
            detail = $"its bytes (sha256 {Short(actual)}) are not the model its training report names (sha256 {Short(facts.ModelSha256)})";
            return Verdict.Damaged;
        }

        return Verdict.Verified;
    }

    /// <summary>Remembers that the model, as it is now, was verified against the current inputs.</summary>
    public static void Record(string modelPath, string reportPath, string inputHash, string recordPath)
    {
        var state = State(modelPath, reportPath, inputHash);
        if (File.Exists(recordPath) && SafeRead(recordPath) == state) return;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(recordPath))!);
        var temp = recordPath + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllText(temp, state, new UTF8Encoding(false));
        if (File.Exists(recordPath)) File.Delete(recordPath);
        File.Move(temp, recordPath);
    }

    public static void Forget(string recordPath)
    {
        if (File.Exists(recordPath)) File.Delete(recordPath);
    }

    private static string State(string modelPath, string reportPath, string inputHash)
    {
        var model = new FileInfo(modelPath);
        var report = new FileInfo(reportPath);
        return string.Join(" ", inputHash,
            model.Length.ToString(CultureInfo.InvariantCulture), model.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture),
            report.Length.ToString(CultureInfo.InvariantCulture), report.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture));
    }

    private static string? SafeRead(string path)
    {
        try { return File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    private static string Short(string hash) => hash.Length > 12 ? hash.Substring(0, 12) : hash;
}
