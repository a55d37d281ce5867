using Microsoft.ML;
using Microsoft.ML.Data;
using Sdk.MlOps.Diagnostics;
using Sdk.MlOps.Hosting;

namespace Sdk.MlOps.Data;

/// <summary>
/// Reads data files in one pass with ML.NET's own TextLoader, so every accepted value is the value
/// <c>LoadFromTextFile</c> with the same options reads, and checks each row on the way: a value ML.NET would turn
/// into a silent NaN or default (or throw on), a non-finite number, a row too short or too long, broken quoting, an
/// empty label. Refused rows are reported with file, line, column and code; accepted rows stay in memory.
/// </summary>
internal sealed class DataLoader(InputSchema schema, string? labelColumn, Reporter reporter)
{
    /// <summary>How many problems are listed before the rest are counted.</summary>
    private const int MaxReportedErrors = 10;

    private const string TailWidth = "__mlops_tail_width";
    private const string TailExpected = "__mlops_tail_expected";

    private readonly MLContext _ml = new(seed: 0);
    private readonly StoredColumn[] _stores = schema.Columns.Select(ColumnLoader.NewStore).ToArray();
    private readonly List<string?> _labels = [];
    private DataViewSchema? _viewSchema;
    private int[] _viewOrder = [];

    private readonly record struct Problem(int Record, string? Column, ValueProblem Value);

    /// <summary>
    /// Reads the files of one role. <paramref name="training"/>, the context the model is trained with, creates the
    /// loader of the first file, as <c>ml.Data.LoadFromTextFile</c> does in a plain program: creating a loader draws
    /// from the context's random generator, which seeds the trainers created after it.
    /// </summary>
    public DataSet Load(IReadOnlyList<DataFile> files, string role, MLContext? training = null)
    {
        _viewOrder = ViewOrder();
        var stats = new List<DataFileStats>();
        foreach (var file in files)
        {
            int before = _labels.Count;
            LoadFile(file, role, stats.Count == 0 ? training ?? _ml : _ml);
            stats.Add(new DataFileStats(file.Name, file.Hash, file.Length, _labels.Count - before));
        }

        return new DataSet { Files = stats, Labels = _labels, Schema = _viewSchema!, Columns = _viewOrder.Select(i => _stores[i]).ToArray() };
    }

    private void LoadFile(DataFile file, string role, MLContext schemaContext)
    {
        CheckPath(file, role);
        var separator = TextRules.ParseSeparator(file.Separator)
            ?? throw new MlOpsException(ErrorCodes.DataOptionInvalid,
                $"Separator '{Echo.Of(file.Separator)}' of '{file.Name}' is not one character. Use e.g. Separator=\",\" or Separator=\"tab\".", file.Definition);
        if (file.SkipRows < 0)
            throw new MlOpsException(ErrorCodes.DataOptionInvalid, $"SkipRows of '{file.Name}' is {file.SkipRows}; it must be 0 or more.", file.Definition);

        var rules = new TextRules(separator, file.AllowQuoting, file.TrimWhitespace, file.ReadMultilines ?? file.AllowQuoting);
        var source = new TrackedTextSource(file.Path, file.SkipRows, file.HasHeader, rules);
        var fileAt = new SourceLocation(file.Path);
        var (firstText, firstLine) = source.FirstRecord()
            ?? throw new MlOpsException(ErrorCodes.DataFileEmpty,
                $"The {role} data file '{file.Name}' is empty{(file.SkipRows > 0 ? $" after its first {file.SkipRows} lines" : "")}. It needs {(file.HasHeader ? "a header and " : "")}at least one row.", fileAt);
        var firstFields = rules.Fields(firstText, out _);
        var map = file.HasHeader ? MapByHeader(file, firstFields, firstLine) : schema.Columns.ToDictionary(c => c, c => c.Indices);

        // Fields a row must have: what the input type reads; fields it may have: what the header (or first row) has.
        int width = map.Values.SelectMany(i => i).Max() + 1;
        int expected = Math.Max(width, firstFields.Count);
        var columns = schema.Columns.Select((c, i) => ColumnLoader.For(c, map[c], _stores[i], file.AllowNonFinite)).ToList();

        // The schema ML.NET's LoadFromTextFile gives these columns (names, types, slot names), which training sees.
        _viewSchema ??= ViewSchema(schemaContext.Data.CreateTextLoader(Options(file, separator, rules, columns, checks: false), source).GetOutputSchema());
        var data = _ml.Data.CreateTextLoader(Options(file, separator, rules, columns, checks: true, width, expected)).Load(source);

        var label = labelColumn is null ? null : columns.Single(c => c.Column == schema.Find(labelColumn));
        if (label is not null) label.KeepText = true;
        var problems = new List<Problem>();
        int refused = 0, start = _stores[0].Count, kept = start;
        try
        {
            using var cursor = data.GetRowCursor(data.Schema);
            foreach (var c in columns) c.Bind(cursor);
            var tailWidth = cursor.GetGetter<VBuffer<ReadOnlyMemory<char>>>(data.Schema[TailWidth]);
            // The fields from the last one the type reads (and from the last one the header has) to the end of the row.
            var tailExpected = expected > width ? cursor.GetGetter<VBuffer<ReadOnlyMemory<char>>>(data.Schema[TailExpected]) : tailWidth;
            VBuffer<ReadOnlyMemory<char>> tail = default;
            while (cursor.MoveNext())
            {
                int record = (int)cursor.Position, before = problems.Count;
                tailWidth(ref tail);
                if (tail.Length == 0)
                    problems.Add(new(record, null, new(ErrorCodes.RowTooShort, 0, "",
                        $"has fewer than {width} fields; the input type needs {width}. Check the separator ('{Echo.Of(file.Separator)}') and quoting (AllowQuoting={file.AllowQuoting})")));
                if (expected > width) tailExpected(ref tail);
                if (tail.Length > 1)
                    problems.Add(new(record, null, new(ErrorCodes.RowTooLong, 0, "",
                        $"has {expected + tail.Length - 1} fields; {(file.HasHeader ? "the header" : "the first row")} has {expected}. A separator inside an unquoted value splits it: quote the value, or check the separator ('{Echo.Of(file.Separator)}')")));
                if (source.HasQuotingError(record))
                    problems.Add(new(record, null, new(ErrorCodes.QuotingInvalid, 0, "",
                        "has a quoted field that is not closed on its line, or text after a closing quote; ML.NET would read that field as empty. Fix the quotes, or set AllowQuoting=\"false\" if quotes are ordinary characters in this file")));

                foreach (var c in columns)
                {
                    // Every column is read so the stores stay aligned; one value problem per row is enough to show.
                    if (c.Read() is { } p && problems.Count == before) problems.Add(new(record, c.Column.Name, p));
                }

                if (problems.Count == before && label is not null && label.Text.Span.Trim().IsEmpty)
                    problems.Add(new(record, null, new(ErrorCodes.LabelMissing, label.Fields[0], "",
                        $"has an empty label '{label.Column.Name}'. Every {role} row needs a label: fill it or remove the row")));

                if (problems.Count > before)
                {
                    refused++;
                    foreach (var store in _stores) store.Truncate(kept);
                }
                else
                {
                    kept++;
                    _labels.Add(label?.LabelKey());
                }
            }
        }
        catch (Exception e) when (e is not MlOpsException && source.Last?.UnclosedQuoteLine > 0)
        {
            int line = source.Last.UnclosedQuoteLine;
            throw new MlOpsException(ErrorCodes.QuotingInvalid,
                $"'{file.Name}' has a quoted field opened at line {line} that is never closed, so the rest of the file would be one value. Close the quote, or set AllowQuoting=\"false\" if quotes are ordinary characters in this file.",
                new SourceLocation(file.Path, line));
        }

        Report(file, problems, refused, source.Last!.RecordLines, fileAt);
        if (kept == start)
            throw new MlOpsException(ErrorCodes.DataFileEmpty, $"The {role} data file '{file.Name}' has a header but no rows.", fileAt);
    }

    /// <summary>
    /// TextLoader options as <c>LoadFromTextFile</c> builds them from the item's options, with a column per input
    /// member at the fields the header mapped it to. With <paramref name="checks"/>, float and double also come as
    /// text (why a value is NaN), other kinds only as text (converted here), and two tails count a row's fields.
    /// </summary>
    private static TextLoader.Options Options(DataFile file, char separator, TextRules rules, List<ColumnLoader> columns, bool checks, int width = 0, int expected = 0)
    {
        var loaderColumns = new List<TextLoader.Column>();
        foreach (var c in columns)
        {
            var ranges = c.Fields.Select(f => new TextLoader.Range(f)).ToArray();
            if (!checks)
            {
                loaderColumns.Add(new TextLoader.Column(c.ValueName, KindOf(c.Column.Kind), ranges));
                continue;
            }

            loaderColumns.Add(new TextLoader.Column(c.ValueName, c.LoadsTyped ? KindOf(c.Column.Kind) : DataKind.String, ranges));
            if (c.LoadsTyped) loaderColumns.Add(new TextLoader.Column(c.TextName, DataKind.String, ranges));
        }

        if (checks)
        {
            loaderColumns.Add(new TextLoader.Column(TailWidth, DataKind.String, [new TextLoader.Range { Min = width - 1, VariableEnd = true }]));
            if (expected > width)
                loaderColumns.Add(new TextLoader.Column(TailExpected, DataKind.String, [new TextLoader.Range { Min = expected - 1, VariableEnd = true }]));
        }

        return new TextLoader.Options
        {
            Separators = [separator],
            HasHeader = file.HasHeader,
            AllowQuoting = file.AllowQuoting,
            ReadMultilines = rules.ReadMultilines,
            TrimWhitespace = file.TrimWhitespace,
            MissingRealsAsNaNs = file.MissingRealsAsNaNs,
            Columns = [.. loaderColumns],
        };
    }

    internal static DataKind KindOf(ValueKind kind) => kind switch
    {
        ValueKind.Single => DataKind.Single,
        ValueKind.Double => DataKind.Double,
        ValueKind.Int32 => DataKind.Int32,
        ValueKind.Int64 => DataKind.Int64,
        ValueKind.Boolean => DataKind.Boolean,
        ValueKind.DateTime => DataKind.DateTime,
        _ => DataKind.String,
    };

    /// <summary>The input columns in the order <c>LoadFromTextFile&lt;T&gt;</c> gives them: public fields, then properties.</summary>
    private int[] ViewOrder()
    {
        const System.Reflection.BindingFlags Public = System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance;
        var members = schema.Type.GetFields(Public).Select(f => f.Name).Concat(schema.Type.GetProperties(Public).Select(p => p.Name)).ToList();
        return Enumerable.Range(0, schema.Columns.Count).OrderBy(i => members.IndexOf(schema.Columns[i].MemberName)).ToArray();
    }

    private DataViewSchema ViewSchema(DataViewSchema loaded)
    {
        var builder = new DataViewSchema.Builder();
        foreach (var i in _viewOrder)
        {
            var c = loaded[schema.Columns[i].Name];
            builder.AddColumn(c.Name, c.Type, c.Annotations);
        }

        return builder.ToSchema();
    }

    private static void CheckPath(DataFile file, string role)
    {
        if (Directory.Exists(file.Path))
            throw new MlOpsException(ErrorCodes.DataPathIsDirectory,
                $"The {role} data path '{file.Name}' is a directory, not a file. Name a file (data/train.csv) or the files in it (data/*.csv).", file.Definition);
        if (!File.Exists(file.Path))
            throw new MlOpsException(ErrorCodes.DataFileMissing,
                $"The {role} data file '{file.Name}' does not exist. Fix the path of the item or create the file.", file.Definition);
    }

    private Dictionary<InputColumn, int[]> MapByHeader(DataFile file, List<string> header, int line)
    {
        // Scalar columns are found by name, so the file's column order does not matter; vectors keep their indices.
        var names = header.Select(f => f.Trim().Trim('\uFEFF')).ToArray();
        var at = new SourceLocation(file.Path, line);
        var map = new Dictionary<InputColumn, int[]>();
        foreach (var column in schema.Columns)
        {
            if (column.IsVector)
            {
                map[column] = column.Indices;
                if (column.Indices.Max() >= names.Length)
                    throw new MlOpsException(ErrorCodes.ColumnMissing,
                        $"'{file.Name}' has {names.Length} columns; {schema.Type.Name}.{column.MemberName} loads columns {column.Indices.Min()}..{column.Indices.Max()}.", at);
                continue;
            }

            int index = Array.FindIndex(names, n => string.Equals(n, column.Name, StringComparison.OrdinalIgnoreCase));
            if (index < 0) index = Array.FindIndex(names, n => string.Equals(n, column.MemberName, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
                throw new MlOpsException(ErrorCodes.ColumnMissing,
                    $"The header of '{file.Name}' lacks column '{column.Name}' that {schema.Type.Name}.{column.MemberName} needs. The header has {names.Length} column(s): {Echo.List(names)}.", at);
            map[column] = [index];
        }

        return map;
    }

    private void Report(DataFile file, List<Problem> problems, int refused, IReadOnlyList<int> recordLines, SourceLocation fileAt)
    {
        if (problems.Count == 0) return;
        foreach (var (record, column, p) in problems.Take(MaxReportedErrors))
        {
            int line = record < recordLines.Count ? recordLines[record] : 0;
            var text = column is null
                ? $"Row at line {line} of '{file.Name}' {p.Why}."
                : $"Row at line {line} of '{file.Name}', column '{column}' (field {p.Field + 1}): '{Echo.Of(p.Text)}' {p.Why}. {Fix(p.Code, column)}";
            reporter.Error(p.Code, text, new SourceLocation(file.Path, line));
        }

        var more = problems.Count > MaxReportedErrors ? $" ({problems.Count - MaxReportedErrors} more not shown)" : "";
        throw new MlOpsException(problems[0].Value.Code,
            $"'{file.Name}' has {problems.Count} problem(s) in {refused} row(s){more}. Fix the rows listed above.", fileAt);
    }

    private string Fix(string code, string column)
    {
        var member = schema.Find(column) is { } c ? $"{schema.Type.Name}.{c.MemberName}" : column;
        return code == ErrorCodes.ValueNotFinite
            ? $"Fix the value, or set AllowNonFinite=\"true\" on the item if {member} may hold NaN or infinities."
            : $"Fix the value or the type of {member}.";
    }
}
