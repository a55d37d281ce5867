using Sdk.MlOps.Diagnostics;
using Sdk.MlOps.Hosting;

namespace Sdk.MlOps.Data;

/// <summary>
/// Reads data files into rows of the input type, checking everything a bad file can get wrong before ML.NET
/// sees it: the file, its header, every value and every label. ML.NET's own loader would turn a bad value into
/// a silent NaN; here it becomes an error naming the row, the column and the value.
/// </summary>
internal sealed class DataLoader<TInput>(InputSchema schema, string? labelColumn, Reporter reporter) where TInput : class, new()
{
    /// <summary>How many bad values are listed before the rest are counted.</summary>
    private const int MaxReportedErrors = 10;

    private int _errors;
    private string? _firstCode;

    public DataSet<TInput> Load(IReadOnlyList<DataFile> files, string role)
    {
        var rows = new List<TInput>();
        var labels = new List<string?>();
        var stats = new List<DataFileStats>();
        foreach (var file in files)
        {
            int before = rows.Count;
            LoadFile(file, role, rows, labels);
            stats.Add(new DataFileStats(file.Name, file.Hash, file.Length, rows.Count - before));
        }

        return new DataSet<TInput> { Rows = rows, Labels = labels, Files = stats, Schema = schema.ToSchemaDefinition() };
    }

    private void LoadFile(DataFile file, string role, List<TInput> rows, List<string?> labels)
    {
        if (!File.Exists(file.Path))
            throw new MlOpsException(ErrorCodes.DataFileMissing,
                $"The {role} data file '{file.Name}' does not exist. Fix the path of the item or create the file.", file.Definition);
        var separator = CsvReader.ParseSeparator(file.Separator)
            ?? throw new MlOpsException(ErrorCodes.DataOptionInvalid,
                $"Separator '{file.Separator}' of '{file.Name}' is not one character. Use e.g. Separator=\",\" or Separator=\"tab\".", file.Definition);

        using var records = CsvReader.Read(file.Path, separator, file.AllowQuoting).GetEnumerator();
        var fileAt = new SourceLocation(file.Path);
        if (!records.MoveNext())
            throw new MlOpsException(ErrorCodes.DataFileEmpty,
                $"The {role} data file '{file.Name}' is empty. It needs {(file.HasHeader ? "a header and " : "")}at least one row.", fileAt);

        var map = file.HasHeader ? MapByHeader(file, records.Current) : schema.Columns.ToDictionary(c => c, c => c.Indices);
        if (file.HasHeader && !records.MoveNext())
            throw new MlOpsException(ErrorCodes.DataFileEmpty,
                $"The {role} data file '{file.Name}' has a header but no rows.", fileAt);

        int width = map.Values.SelectMany(i => i).Max() + 1;
        var label = labelColumn is null ? null : schema.Find(labelColumn);
        _errors = 0;
        _firstCode = null;
        do
        {
            var record = records.Current;
            if (record.Fields.Length < width)
            {
                Fail(ErrorCodes.RowTooShort,
                    $"Row at line {record.Line} of '{file.Name}' has {record.Fields.Length} fields; the input type needs {width}. Check the separator ('{file.Separator}') and quoting (AllowQuoting={file.AllowQuoting}).",
                    new SourceLocation(file.Path, record.Line));
                continue;
            }

            var row = new TInput();
            bool rowOk = true;
            foreach (var (column, indices) in map)
            {
                if (!TryFill(row, column, indices, record, file)) rowOk = false;
            }

            string? rawLabel = label is null ? null : LabelKey(label, record.Fields[map[label][0]]);
            if (label is not null && rawLabel!.Trim().Length == 0)
            {
                Fail(ErrorCodes.LabelMissing,
                    $"Row at line {record.Line} of '{file.Name}' has an empty label '{label.Name}'. Every {role} row needs a label: fill it or remove the row.",
                    new SourceLocation(file.Path, record.Line));
                rowOk = false;
            }

            if (rowOk)
            {
                rows.Add(row);
                labels.Add(rawLabel);
            }
        }
        while (records.MoveNext());

        if (_errors > 0)
        {
            var more = _errors > MaxReportedErrors ? $" ({_errors - MaxReportedErrors} more not shown)" : "";
            throw new MlOpsException(_firstCode!,
                $"'{file.Name}' has {_errors} problem(s){more}. Fix the rows listed above.", fileAt);
        }
    }

    private bool TryFill(TInput row, InputColumn column, int[] indices, CsvRecord record, DataFile file)
    {
        object? value;
        if (column.IsVector)
        {
            var vector = Array.CreateInstance(column.ClrType.GetElementType()!, indices.Length);
            for (int i = 0; i < indices.Length; i++)
            {
                if (!Parse(column, indices[i], record, file, out var item)) return false;
                vector.SetValue(item, i);
            }

            value = vector;
        }
        else if (!Parse(column, indices[0], record, file, out value))
        {
            return false;
        }

        column.Set(row, value);
        return true;
    }

    private bool Parse(InputColumn column, int index, CsvRecord record, DataFile file, out object value)
    {
        if (ValueParser.TryParse(column.Kind, record.Fields[index], out value)) return true;
        Fail(ErrorCodes.ValueUnparsable,
            $"Row at line {record.Line} of '{file.Name}', column '{column.Name}' (field {index + 1}): '{Shorten(record.Fields[index])}' is not a {column.Kind}. Fix the value or the type of {schema.Type.Name}.{column.MemberName}.",
            new SourceLocation(file.Path, record.Line, 0));
        return false;
    }

    private Dictionary<InputColumn, int[]> MapByHeader(DataFile file, CsvRecord header)
    {
        // Scalar columns are found by name, so the file's column order does not matter; vectors keep their indices.
        var names = header.Fields.Select(f => f.Trim().Trim('\uFEFF')).ToArray();
        var map = new Dictionary<InputColumn, int[]>();
        foreach (var column in schema.Columns)
        {
            if (column.IsVector)
            {
                map[column] = column.Indices;
                if (column.Indices.Max() >= names.Length)
                    throw new MlOpsException(ErrorCodes.ColumnMissing,
                        $"'{file.Name}' has {names.Length} columns; {schema.Type.Name}.{column.MemberName} loads columns {column.Indices.Min()}..{column.Indices.Max()}.",
                        new SourceLocation(file.Path, header.Line));
                continue;
            }

            int at = Array.FindIndex(names, n => string.Equals(n, column.Name, StringComparison.OrdinalIgnoreCase));
            if (at < 0) at = Array.FindIndex(names, n => string.Equals(n, column.MemberName, StringComparison.OrdinalIgnoreCase));
            if (at < 0)
                throw new MlOpsException(ErrorCodes.ColumnMissing,
                    $"The header of '{file.Name}' lacks column '{column.Name}' that {schema.Type.Name}.{column.MemberName} needs. The header has: {string.Join(", ", names)}.",
                    new SourceLocation(file.Path, header.Line));
            map[column] = [at];
        }

        return map;
    }

    private void Fail(string code, string message, SourceLocation at)
    {
        _firstCode ??= code;
        if (++_errors <= MaxReportedErrors) reporter.Error(code, message, at);
    }

    /// <summary>
    /// The label as the model sees it, for class checks and stratification: a typed label compares by value
    /// (a bool written 1 in one file and true in another is one class), a string label by its exact text.
    /// </summary>
    private static string LabelKey(InputColumn label, string text) =>
        label.Kind != ValueKind.String && ValueParser.TryParse(label.Kind, text, out var value)
            ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? text
            : text;

    private static string Shorten(string s) => s.Length <= 60 ? s : s[..57] + "...";
}
