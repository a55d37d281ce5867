using Microsoft.ML;
using Microsoft.ML.Data;
using Sdk.MlOps.Data;
using Sdk.MlOps.Diagnostics;
using Sdk.MlOps.Profiling;

namespace Sdk.MlOps.Monitoring;

/// <summary>
/// A production data file in the input schema, streamed by ML.NET's loader with the training data's reading options
/// (unless the item gives its own separator). Its columns are found by the header; a column it lacks (the label,
/// which arrives later) reads as empty, so the model still scores the rows.
/// </summary>
internal sealed class ProductionFile(ModelBase model, MLContext ml, DataFile file, DataProfile reference) : IProductionSource
{
    private readonly char _separator = TextRules.ParseSeparator(file.Separator) ?? ',';
    private string[]? _header;

    public string Name => file.Name;

    /// <summary>A production file without its own options is read like the first training file.</summary>
    public static DataFile WithReadingOptionsOf(DataFile production, DataFile? training) =>
        production.Separator.Length > 0 || training is null ? production : new DataFile
        {
            Path = production.Path, Name = production.Name, Separator = training.Separator, HasHeader = training.HasHeader,
            AllowQuoting = training.AllowQuoting, SkipRows = training.SkipRows, TrimWhitespace = training.TrimWhitespace,
            ReadMultilines = training.ReadMultilines, MissingRealsAsNaNs = training.MissingRealsAsNaNs, AllowNonFinite = training.AllowNonFinite,
            DefinedIn = production.DefinedIn, Line = production.Line,
        };

    public void Count(IReadOnlyList<ColumnAccumulator> columns, IReadOnlyList<ColumnAccumulator>? predictions, ITransformer trained, LabelledRows? labelled)
    {
        var view = Typed();
        // A column the file lacks (the label, arriving later) has no values here; reading its empty fields would
        // count them as values (false, 0) and make it drift.
        DataProfiler.Count(view, columns.Where(c => IndexOf(c.Plan.Name) >= 0 || model.Schema.Find(c.Plan.Name) is { IsVector: true }).ToArray());
        if (predictions is not null) PredictedValues.Read(trained.Transform(view), model.Task, (label, score) => PredictedValues.Add(predictions, label, score));
        if (labelled is not null) Join(labelled);
    }

    private string[] Header
    {
        get
        {
            if (_header is not null) return _header;
            if (!File.Exists(file.Path))
                throw new MlOpsException(ErrorCodes.MonitorDataMissing, $"The production data file '{file.Name}' does not exist (a relative path is taken from the project's folder).", file.Definition);
            if (file.SkipRows > 0)
                throw new MlOpsException(ErrorCodes.DataOptionInvalid, $"'{file.Name}' has SkipRows={file.SkipRows}; the monitor reads production files from their first line. Drop the lines, or set Separator on the item so the training data's options are not taken.", file.Definition);
            var line = File.ReadLines(file.Path).Skip(file.SkipRows).FirstOrDefault() ?? "";
            return _header = new TextRules(_separator, file.AllowQuoting, file.TrimWhitespace, file.ReadMultilines ?? file.AllowQuoting)
                .Names(line);
        }
    }

    private int IndexOf(string name) => Array.FindIndex(Header, h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The input columns, typed as the model reads them.</summary>
    private IDataView Typed()
    {
        int absent = Header.Length + 1;
        var columns = model.Schema.Columns.Select(c =>
        {
            int index = IndexOf(c.Name);
            if (index < 0 && !c.IsVector && reference.Find(c.Name)?.Role != ColumnProfile.LabelRole)
                throw new MlOpsException(ErrorCodes.ColumnMissing,
                    $"The header of '{file.Name}' lacks column '{c.Name}' that {model.Schema.Type.Name}.{c.MemberName} needs. The header has: {Echo.List(Header)}.", new SourceLocation(file.Path, 1));
            var ranges = c.IsVector ? c.Indices.Select(i => new TextLoader.Range(i)).ToArray() : [new TextLoader.Range(index < 0 ? absent : index)];
            return new TextLoader.Column(c.Name, DataLoader.KindOf(c.Kind), ranges);
        }).ToArray();
        return ml.Data.CreateTextLoader(Options(columns)).Load(file.Path);
    }

    /// <summary>Each row whose id has a late label, its fields as the file has them, the label put in.</summary>
    private void Join(LabelledRows labelled)
    {
        int id = IndexOf(labelled.IdColumn), label = IndexOf(labelled.LabelColumn);
        if (id < 0)
            throw new MlOpsException(ErrorCodes.LabelsUnjoinable, $"The header of '{file.Name}' lacks the id column '{labelled.IdColumn}' (MlOpsIdColumn) that late labels are joined by.", new SourceLocation(file.Path, 1));
        var header = label < 0 ? [.. Header, labelled.LabelColumn] : Header;
        labelled.Begin(header, _separator, file);
        var view = ml.Data.CreateTextLoader(Options([new TextLoader.Column("Fields", DataKind.String, 0, Header.Length - 1)])).Load(file.Path);
        using var cursor = view.GetRowCursor(view.Schema);
        var fields = cursor.GetGetter<VBuffer<ReadOnlyMemory<char>>>(view.Schema["Fields"]);
        VBuffer<ReadOnlyMemory<char>> row = default;
        while (cursor.MoveNext())
        {
            fields(ref row);
            var values = row.DenseValues().Select(v => v.ToString()).ToList();
            if (!labelled.TryLabel(values[id], out var truth)) continue;
            if (label < 0) values.Add(truth); else values[label] = truth;
            labelled.Add(values);
        }
    }

    private TextLoader.Options Options(TextLoader.Column[] columns) => new()
    {
        Separators = [_separator], HasHeader = file.HasHeader, AllowQuoting = file.AllowQuoting,
        ReadMultilines = file.ReadMultilines ?? file.AllowQuoting, TrimWhitespace = file.TrimWhitespace,
        MissingRealsAsNaNs = file.MissingRealsAsNaNs, Columns = columns,
    };
}
