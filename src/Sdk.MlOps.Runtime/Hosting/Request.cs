using System.Text.Json;
using System.Text.Json.Serialization;
using Sdk.MlOps.Diagnostics;
using Sdk.MlOps.Hosting;

namespace Sdk.MlOps.Protocol;

// The engine's side of the request classes in src/Shared/Protocol: reading the file, and what the command line adds.
internal sealed partial class Request
{
    /// <summary>train, evaluate, publish or sync: from the command line, not the file.</summary>
    public string Command { get; set; } = "";
    /// <summary>--publish: where publish writes the bundle.</summary>
    public string? PublishDirectory { get; set; }

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>
    /// The request in <paramref name="path"/>, refused with a coded error when it cannot be read (MLOPS9003) or was
    /// written for another protocol version (MLOPS9002), which is checked before any other field is read.
    /// </summary>
    public static Request Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unreadable(path, e.Message, e);
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object) throw Unreadable(path, "it is not a JSON object.");
            var version = document.RootElement.TryGetProperty(RequestJson.Name(nameof(ProtocolVersion)), out var v) && v.TryGetInt32(out var n) ? n : 0;
            if (version != Protocol.ProtocolVersion.Current) throw Mismatch(path, version);
            return document.Deserialize<Request>(Options) ?? throw Unreadable(path, "it is empty.");
        }
        catch (JsonException e)
        {
            throw Unreadable(path, e.Message, e);
        }
    }

    private static MlOpsException Mismatch(string path, int version)
    {
        var written = version == 0 ? "names no protocol version (its SDK predates the check)" : $"is of protocol version {version}";
        return new MlOpsException(ErrorCodes.ProtocolMismatch,
            $"The request {path} {written}, but this engine, Sdk.MlOps.Runtime {Versions.Engine}, reads protocol version {Protocol.ProtocolVersion.Current}: " +
            "the Sdk.MlOps SDK and the Sdk.MlOps.Runtime package come from different releases. Reference Sdk.MlOps.Runtime at the SDK's version " +
            "(drop an explicit PackageReference to it, or set its Version to $(MlOpsSdkVersion)), then build again.",
            new SourceLocation(path));
    }

    private static MlOpsException Unreadable(string path, string why, Exception? inner = null) =>
        new(ErrorCodes.RequestUnreadable,
            $"The request {path} cannot be read: {why} It is written by the build; run dotnet build (without --no-build) to write it again.",
            new SourceLocation(path), inner);
}

internal sealed partial class DataFile
{
    [JsonIgnore]
    public SourceLocation Definition => new(DefinedIn, Line);
}

internal sealed partial class GateItem
{
    [JsonIgnore]
    public SourceLocation Definition => new(DefinedIn, Line);
}

internal sealed partial class DriftGateItem
{
    [JsonIgnore]
    public SourceLocation Definition => new(DefinedIn, Line);
}

internal sealed partial class DataContractItem
{
    [JsonIgnore]
    public SourceLocation Definition => new(DefinedIn, Line);
}
