namespace Sdk.MlOps.Protocol;

/// <summary>
/// Every code a user can meet. Codes are stable: never reuse or renumber one. Documented in docs/errors.md.
/// 1xxx data, 2xxx model code and training, 3xxx evaluation and gates, 4xxx monitoring, 5xxx tracking and registry,
/// 6xxx the model cache, 7xxx serving and packaging, 9xxx the model program itself. Compiled into the tasks and the engine alike, so a code
/// is written once whichever side reports it.
/// </summary>
internal static class ErrorCodes
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
    // Settings, checked by the ValidateSettings task before anything binds them.
    public const string SeedInvalid = "MLOPS1011";
    public const string SwitchInvalid = "MLOPS1012";
    public const string CacheSizeLimitInvalid = "MLOPS1013";
    public const string ModelFileNameInvalid = "MLOPS1014";
    public const string RuntimeInputMissing = "MLOPS1015";
    public const string ValueNotFinite = "MLOPS1020";
    public const string RowTooLong = "MLOPS1021";
    public const string TooFewClasses = "MLOPS1022";
    public const string DataPathIsDirectory = "MLOPS1023";
    public const string QuotingInvalid = "MLOPS1024";

    public const string NoModelClass = "MLOPS2001";
    public const string TooManyModelClasses = "MLOPS2002";
    public const string PipelineThrew = "MLOPS2003";
    public const string TrainingFailed = "MLOPS2004";
    public const string ParameterUnused = "MLOPS2005";
    public const string ParameterInvalid = "MLOPS2006";
    public const string ModelNotTrained = "MLOPS2007";
    public const string ModelStale = "MLOPS2008";
    public const string ModelMismatch = "MLOPS2009";

    public const string GateUnknownMetric = "MLOPS3001";
    public const string GateBoundsInverted = "MLOPS3002";
    public const string GateValueNotNumber = "MLOPS3003";
    public const string GateFailed = "MLOPS3004";
    public const string NoGates = "MLOPS3005";
    public const string GateWithoutBound = "MLOPS3006";
    public const string EvaluationFailed = "MLOPS3007";
    public const string TestRequestMissing = "MLOPS3008";
    public const string GateConfidenceInvalid = "MLOPS3009";
    public const string ChampionNotComparable = "MLOPS3010";
    public const string SliceInvalid = "MLOPS3011";
    public const string ReportNotWritten = "MLOPS3012";
    public const string DriftDetected = "MLOPS3013";
    public const string DataContractViolated = "MLOPS3014";
    public const string DriftGateInvalid = "MLOPS3015";
    public const string NoDataProfile = "MLOPS3016";

    // MlOpsMonitor: production data against the published model.
    public const string MonitorBundleMissing = "MLOPS4001";
    public const string MonitorDataMissing = "MLOPS4002";
    public const string PredictionDrift = "MLOPS4003";
    public const string LiveGateFailed = "MLOPS4004";
    public const string LabelsUnjoinable = "MLOPS4005";
    public const string PredictionLogUnreadable = "MLOPS4006";

    public const string TrackingUnavailable = "MLOPS5001";
    public const string TrackingFailed = "MLOPS5002";
    public const string TrackingUriHasCredentials = "MLOPS5003";
    public const string SyncFailed = "MLOPS5004";
    public const string ChampionUnknown = "MLOPS5005";
    public const string StoreDamaged = "MLOPS5006";

    // Written by the MSBuild tasks (RestoreCachedModel, CacheModel).
    public const string CacheUnusable = "MLOPS6001";
    public const string CacheNotWritten = "MLOPS6002";

    public const string ServingNotReferenced = "MLOPS7001";
    public const string ServeImageInvalid = "MLOPS7002";
    public const string PackageWithoutBundle = "MLOPS7003";
    /// <summary>Written by Sdk.MlOps.Serving's ModelServer, which does not compile this file.</summary>
    public const string ServerCouldNotStart = "MLOPS7004";

    public const string Internal = "MLOPS9001";
    public const string ProtocolMismatch = "MLOPS9002";
    public const string RequestUnreadable = "MLOPS9003";
}
