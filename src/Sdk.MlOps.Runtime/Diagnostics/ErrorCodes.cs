namespace Sdk.MlOps.Diagnostics;

/// <summary>
/// Every code a user can meet. Codes are stable: never reuse or renumber one. Documented in docs/errors.md.
/// 1xxx data, 2xxx model code and training, 3xxx evaluation and gates, 5xxx tracking and registry,
/// 6xxx the model cache, 9xxx internal.
/// The MSBuild tasks (which cannot reference this assembly) write the codes they own as literals.
/// </summary>
public static class ErrorCodes
{
    public const string DataFileMissing = "MLOPS1001";
    public const string DataFileEmpty = "MLOPS1002";
    public const string ColumnMissing = "MLOPS1003";
    public const string ValueUnparsable = "MLOPS1004";
    public const string LabelMissing = "MLOPS1005";
    public const string UnseenTestClass = "MLOPS1006";
    public const string RowTooShort = "MLOPS1007";
    public const string NoTrainingData = "MLOPS1008";
    public const string DataOptionInvalid = "MLOPS1009";
    public const string InputTypeInvalid = "MLOPS1010";

    public const string NoModelClass = "MLOPS2001";
    public const string TooManyModelClasses = "MLOPS2002";
    public const string PipelineThrew = "MLOPS2003";
    public const string TrainingFailed = "MLOPS2004";
    public const string ParameterUnused = "MLOPS2005";
    public const string ParameterInvalid = "MLOPS2006";
    public const string ModelNotTrained = "MLOPS2007";
    public const string ModelStale = "MLOPS2008";

    public const string GateUnknownMetric = "MLOPS3001";
    public const string GateBoundsInverted = "MLOPS3002";
    public const string GateValueNotNumber = "MLOPS3003";
    public const string GateFailed = "MLOPS3004";
    public const string NoGates = "MLOPS3005";
    public const string GateWithoutBound = "MLOPS3006";
    public const string EvaluationFailed = "MLOPS3007";
    public const string TestRequestMissing = "MLOPS3008";

    public const string TrackingUnavailable = "MLOPS5001";
    public const string TrackingFailed = "MLOPS5002";
    public const string TrackingUriHasCredentials = "MLOPS5003";
    public const string SyncFailed = "MLOPS5004";
    public const string ChampionUnknown = "MLOPS5005";

    // Written by the MSBuild tasks (RestoreCachedModel, CacheModel); listed here so every code is in one place.
    public const string CacheUnusable = "MLOPS6001";
    public const string CacheNotWritten = "MLOPS6002";

    public const string Internal = "MLOPS9001";
}
