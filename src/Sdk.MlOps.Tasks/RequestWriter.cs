namespace Sdk.MlOps.Tasks;

/// <summary>
/// Writes a <see cref="Request"/> as the engine reads it: every property of the shared request classes, under its
/// <see cref="RequestJson.Name"/>, taken by <c>nameof</c> so a renamed property cannot leave the two sides apart. Nulls
/// are left out, as the engine's reader would default them.
/// </summary>
internal static class RequestWriter
{
    public static string Write(Request r)
    {
        var json = new JsonWriter().BeginObject()
            .Property(N(nameof(r.ProtocolVersion)), r.ProtocolVersion)
            .Property(N(nameof(r.ModelName)), r.ModelName)
            .Property(N(nameof(r.ModelClass)), r.ModelClass)
            .Property(N(nameof(r.ProjectFile)), r.ProjectFile)
            .Property(N(nameof(r.ModelPath)), r.ModelPath)
            .Property(N(nameof(r.TrainingReportPath)), r.TrainingReportPath)
            .Property(N(nameof(r.EvaluationReportPath)), r.EvaluationReportPath)
            .Property(N(nameof(r.InputHash)), r.InputHash)
            .Property(N(nameof(r.Seed)), r.Seed)
            .Property(N(nameof(r.TestFraction)), r.TestFraction)
            .Property(N(nameof(r.Split)), r.Split)
            .Property(N(nameof(r.Verbose)), r.Verbose)
            .Property(N(nameof(r.AllowUngated)), r.AllowUngated)
            .Property(N(nameof(r.Report)), r.Report)
            .Property(N(nameof(r.Serve)), r.Serve)
            .Property(N(nameof(r.ServeImage)), r.ServeImage);

        WriteData(json, N(nameof(r.TrainingData)), r.TrainingData);
        WriteData(json, N(nameof(r.TestData)), r.TestData);

        json.BeginArray(N(nameof(r.Parameters)));
        foreach (var p in r.Parameters)
        {
            json.BeginObject()
                .Property(N(nameof(p.Name)), p.Name)
                .Property(N(nameof(p.Value)), p.Value)
                .Property(N(nameof(p.DefinedIn)), p.DefinedIn)
                .Property(N(nameof(p.Line)), p.Line)
                .EndObject();
        }

        json.EndArray().BeginArray(N(nameof(r.Gates)));
        foreach (var g in r.Gates)
        {
            json.BeginObject()
                .Property(N(nameof(g.Metric)), g.Metric)
                .Property(N(nameof(g.Minimum)), g.Minimum)
                .Property(N(nameof(g.Maximum)), g.Maximum)
                .Property(N(nameof(g.MaxRegression)), g.MaxRegression)
                .Property(N(nameof(g.MaxRelativeRegression)), g.MaxRelativeRegression)
                .Property(N(nameof(g.Confidence)), g.Confidence)
                .Property(N(nameof(g.Slice)), g.Slice)
                .Property(N(nameof(g.MaxSliceGap)), g.MaxSliceGap)
                .Property(N(nameof(g.MinimumSliceRows)), g.MinimumSliceRows)
                .Property(N(nameof(g.Performance)), g.Performance ? true : null) // only on a performance gate
                .Property(N(nameof(g.DefinedIn)), g.DefinedIn)
                .Property(N(nameof(g.Line)), g.Line)
                .EndObject();
        }

        json.EndArray().BeginArray(N(nameof(r.DriftGates)));
        foreach (var g in r.DriftGates)
        {
            json.BeginObject()
                .Property(N(nameof(g.Column)), g.Column)
                .Property(N(nameof(g.Method)), g.Method)
                .Property(N(nameof(g.Threshold)), g.Threshold)
                .Property(N(nameof(g.Except)), g.Except)
                .Property(N(nameof(g.MaxDriftedShare)), g.MaxDriftedShare)
                .Property(N(nameof(g.DefinedIn)), g.DefinedIn)
                .Property(N(nameof(g.Line)), g.Line)
                .EndObject();
        }

        json.EndArray().BeginArray(N(nameof(r.DataContracts)));
        foreach (var c in r.DataContracts)
        {
            json.BeginObject()
                .Property(N(nameof(c.Column)), c.Column)
                .Property(N(nameof(c.Minimum)), c.Minimum)
                .Property(N(nameof(c.Maximum)), c.Maximum)
                .Property(N(nameof(c.Values)), c.Values)
                .Property(N(nameof(c.MaxMissingShare)), c.MaxMissingShare)
                .Property(N(nameof(c.MaxOutsideShare)), c.MaxOutsideShare)
                .Property(N(nameof(c.Except)), c.Except)
                .Property(N(nameof(c.DefinedIn)), c.DefinedIn)
                .Property(N(nameof(c.Line)), c.Line)
                .EndObject();
        }

        json.EndArray().Property(N(nameof(r.IdColumn)), r.IdColumn);
        if (r.Monitor is { } m)
        {
            json.BeginObject(N(nameof(r.Monitor)))
                .Property(N(nameof(m.Bundle)), m.Bundle)
                .Property(N(nameof(m.PredictionLog)), m.PredictionLog)
                .Property(N(nameof(m.ReportDirectory)), m.ReportDirectory)
                .Property(N(nameof(m.PredictionMethod)), m.PredictionMethod)
                .Property(N(nameof(m.PredictionThreshold)), m.PredictionThreshold);
            WriteData(json, N(nameof(m.Data)), m.Data);
            if (m.Labels is { } labels) WriteData(json, N(nameof(m.Labels)), [labels], single: true);
            json.EndObject();
        }

        var l = r.Lineage;
        json.BeginObject(N(nameof(r.Lineage)))
            .Property(N(nameof(l.Version)), l.Version)
            .Property(N(nameof(l.Commit)), l.Commit)
            .Property(N(nameof(l.Branch)), l.Branch)
            .Property(N(nameof(l.Repository)), l.Repository)
            .Property(N(nameof(l.SdkVersion)), l.SdkVersion)
            .Property(N(nameof(l.Description)), l.Description)
            .Property(N(nameof(l.IntendedUse)), l.IntendedUse)
            .Property(N(nameof(l.Limitations)), l.Limitations)
            .EndObject();

        var t = r.Tracking;
        json.BeginObject(N(nameof(r.Tracking)))
            .Property(N(nameof(t.Enabled)), t.Enabled)
            .Property(N(nameof(t.Uri)), t.Uri)
            .Property(N(nameof(t.LocalStore)), t.LocalStore)
            .Property(N(nameof(t.ExperimentName)), t.ExperimentName)
            .Property(N(nameof(t.RegisteredModelName)), t.RegisteredModelName)
            .Property(N(nameof(t.Required)), t.Required)
            .Property(N(nameof(t.Promote)), t.Promote)
            .Property(N(nameof(t.PromoteWhenBetter)), t.PromoteWhenBetter)
            .Property(N(nameof(t.RemoteCache)), t.RemoteCache)
            .Property(N(nameof(t.BudgetSeconds)), t.BudgetSeconds)
            .EndObject();
        return json.EndObject().ToString();
    }

    private static void WriteData(JsonWriter json, string name, List<DataFile> files, bool single = false)
    {
        if (!single) json.BeginArray(name);
        foreach (var d in files)
        {
            (single ? json.BeginObject(name) : json.BeginObject())
                .Property(N(nameof(d.Path)), d.Path)
                .Property(N(nameof(d.Name)), d.Name)
                .Property(N(nameof(d.Separator)), d.Separator)
                .Property(N(nameof(d.HasHeader)), d.HasHeader)
                .Property(N(nameof(d.AllowQuoting)), d.AllowQuoting)
                .Property(N(nameof(d.SkipRows)), d.SkipRows)
                .Property(N(nameof(d.TrimWhitespace)), d.TrimWhitespace)
                .Property(N(nameof(d.ReadMultilines)), d.ReadMultilines)
                .Property(N(nameof(d.MissingRealsAsNaNs)), d.MissingRealsAsNaNs)
                .Property(N(nameof(d.AllowNonFinite)), d.AllowNonFinite)
                .Property(N(nameof(d.Hash)), d.Hash)
                .Property(N(nameof(d.Length)), d.Length)
                .Property(N(nameof(d.DefinedIn)), d.DefinedIn)
                .Property(N(nameof(d.Line)), d.Line)
                .EndObject();
        }

        if (!single) json.EndArray();
    }

    private static string N(string property) => RequestJson.Name(property);
}
