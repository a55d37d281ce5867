using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using Sdk.MlOps.Data;
using Sdk.MlOps.Diagnostics;

namespace Sdk.MlOps.Monitoring;

/// <summary>
/// Labels that arrived after the predictions (a file of ids and true labels), and the production rows they join:
/// written as a data file of their own, so the live metrics are computed by the very loader and evaluator
/// <c>dotnet test</c> uses. Only the labelled rows are kept, on disk.
/// </summary>
internal sealed class LabelledRows : IDisposable
{
    private readonly Dictionary<string, string> _labels;
    private readonly string _folder = Directory.CreateTempSubdirectory("mlops-labelled-").FullName;
    private StreamWriter? _writer;
    private char _separator;
    private bool _quoted;

    private LabelledRows(string idColumn, string labelColumn, Dictionary<string, string> labels)
    {
        IdColumn = idColumn;
        LabelColumn = labelColumn;
        _labels = labels;
    }

    public string IdColumn { get; }
    public string LabelColumn { get; }
    public int Labels => _labels.Count;
    private readonly List<(DataFile File, int Rows)> _files = [];

    /// <summary>Reads the labels file: its header names the id column and the model's label column.</summary>
    public static LabelledRows Read(MLContext ml, DataFile file, string? idColumn, string labelColumn)
    {
        if (idColumn is not { Length: > 0 } id)
            throw new MlOpsException(ErrorCodes.LabelsUnjoinable, $"Late labels ('{file.Name}') are joined to the rows by id: set MlOpsIdColumn to the input column that names a row.", file.Definition);
        if (!File.Exists(file.Path))
            throw new MlOpsException(ErrorCodes.LabelsUnjoinable, $"The labels file '{file.Name}' does not exist (a relative path is taken from the project's folder).", file.Definition);
        char separator = TextRules.ParseSeparator(file.Separator) ?? (file.Path.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) ? '\t' : ',');
        var header = new TextRules(separator, file.AllowQuoting, trimWhitespace: false, readMultilines: false).Names(File.ReadLines(file.Path).FirstOrDefault() ?? "");
        int idAt = Array.FindIndex(header, h => string.Equals(h, id, StringComparison.OrdinalIgnoreCase));
        int labelAt = Array.FindIndex(header, h => string.Equals(h, labelColumn, StringComparison.OrdinalIgnoreCase));
        if (idAt < 0 || labelAt < 0)
            throw new MlOpsException(ErrorCodes.LabelsUnjoinable,
                $"The header of '{file.Name}' must name the id column '{id}' and the label column '{labelColumn}'; it has: {Echo.List(header)}.", new SourceLocation(file.Path, 1));

        var view = ml.Data.CreateTextLoader(new TextLoader.Options
        {
            Separators = [separator], HasHeader = true, AllowQuoting = file.AllowQuoting,
            Columns = [new TextLoader.Column("Id", DataKind.String, idAt), new TextLoader.Column("Label", DataKind.String, labelAt)],
        }).Load(file.Path);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        using var cursor = view.GetRowCursor(view.Schema);
        var getId = cursor.GetGetter<ReadOnlyMemory<char>>(view.Schema["Id"]);
        var getLabel = cursor.GetGetter<ReadOnlyMemory<char>>(view.Schema["Label"]);
        ReadOnlyMemory<char> key = default, value = default;
        while (cursor.MoveNext())
        {
            getId(ref key);
            getLabel(ref value);
            if (!value.Span.IsWhiteSpace()) labels[key.ToString().Trim()] = value.ToString().Trim();
        }

        return new LabelledRows(id, labelColumn, labels);
    }

    public bool TryLabel(string id, out string label) => _labels.TryGetValue(id.Trim(), out label!);

    /// <summary>Starts the joined file of one source, in its field layout and separator.</summary>
    public void Begin(IReadOnlyList<string> header, char separator, DataFile like)
    {
        _writer?.Dispose();
        var path = Path.Combine(_folder, $"labelled-{_files.Count + 1}.csv");
        _writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
        _separator = separator;
        // A file read without quoting cannot hold a separator inside a field, so its fields are written as they are.
        _quoted = like.AllowQuoting;
        _files.Add((new DataFile
        {
            Path = path, Name = $"{like.Name} (labelled rows)", Separator = separator == '\t' ? "tab" : separator.ToString(),
            HasHeader = true, AllowQuoting = _quoted, ReadMultilines = _quoted, MissingRealsAsNaNs = like.MissingRealsAsNaNs,
            AllowNonFinite = like.AllowNonFinite, TrimWhitespace = like.TrimWhitespace, DefinedIn = like.DefinedIn, Line = like.Line,
        }, 0));
        Write(header);
    }

    public void Add(IReadOnlyList<string> fields)
    {
        _files[^1] = (_files[^1].File, _files[^1].Rows + 1);
        Write(fields);
    }

    private void Write(IReadOnlyList<string> fields)
    {
        for (int i = 0; i < fields.Count; i++)
        {
            if (i > 0) _writer!.Write(_separator);
            var field = fields[i];
            bool quote = _quoted && field.IndexOfAny([_separator, '"', '\n', '\r']) >= 0;
            _writer!.Write(quote ? "\"" + field.Replace("\"", "\"\"") + "\"" : field);
        }

        _writer!.Write('\n');
    }

    /// <summary>The joined files, complete; empty ones are dropped.</summary>
    public IReadOnlyList<DataFile> Finish()
    {
        _writer?.Dispose();
        _writer = null;
        return _files.Where(f => f.Rows > 0).Select(f => f.File).ToArray();
    }

    public void Dispose()
    {
        _writer?.Dispose();
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
    }
}
