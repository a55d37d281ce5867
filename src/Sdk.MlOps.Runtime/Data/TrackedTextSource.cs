using System.Text;
using Microsoft.ML.Data;

namespace Sdk.MlOps.Data;

/// <summary>
/// One data file as ML.NET's TextLoader reads it, minus the first <c>SkipRows</c> lines, watched line by line as the
/// loader reads it: where each record starts, and which records have broken quoting. So the one pass that loads the
/// values also finds the rows to point errors at, without reading the file again.
/// </summary>
internal sealed class TrackedTextSource(string path, int skipRows, bool hasHeader, TextRules rules) : IMultiStreamSource
{
    /// <summary>What the most recent reader saw; the loader opens the file once per cursor.</summary>
    public LineTracker? Last { get; private set; }

    public int Count => 1;

    public string GetPathOrNull(int index) => path;

    public Stream Open(int index) => throw new NotSupportedException("The loader reads this source as text.");

    /// <summary>Whether the data record at <paramref name="record"/> has broken quoting; the loader has read it already.</summary>
    public bool HasQuotingError(int record) => Last?.HasQuotingError(record) ?? false;

    /// <summary>The first record after the skipped lines and comments (the header, if there is one) and its line.</summary>
    public (string Text, int Line)? FirstRecord()
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        int number = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            number++;
            if (number <= skipRows || TextRules.IsSkipped(line, beforeFirstRecord: true)) continue;
            int start = number;
            var text = new StringBuilder(line);
            bool open = rules.ReadMultilines && rules.EndsInsideQuotes(line, insideQuotes: false);
            while (open && (line = reader.ReadLine()) is not null)
            {
                number++;
                text.Append('\n').Append(line);
                open = rules.EndsInsideQuotes(line, insideQuotes: true);
            }

            return (text.ToString(), start);
        }

        return null;
    }

    public TextReader OpenTextReader(int index)
    {
        var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        var tracker = new LineTracker(reader, skipRows, hasHeader, rules);
        Last = tracker;
        return tracker;
    }
}

/// <summary>A reader that counts physical lines and follows the loader's record rules as it hands lines over.</summary>
internal sealed class LineTracker(TextReader inner, int skipRows, bool hasHeader, TextRules rules) : TextReader
{
    private readonly List<int> _recordLines = [];
    // Written by the loader's reading thread while the cursor reads records it has finished with.
    private readonly HashSet<int> _quotingErrors = [];
    private volatile int _quotingErrorCount;
    private readonly StringBuilder _record = new();
    private int _line;
    private bool _beforeFirst = true;
    private bool _inQuotes;
    private bool _recordIsData;
    private bool _recordHasQuote;

    /// <summary>The physical line (1-based) each data record starts on, in order.</summary>
    public IReadOnlyList<int> RecordLines => _recordLines;

    public bool HasQuotingError(int record)
    {
        if (_quotingErrorCount == 0) return false;
        lock (_quotingErrors) return _quotingErrors.Contains(record);
    }

    /// <summary>The line of a quoted field still open at the end of the file (0: none).</summary>
    public int UnclosedQuoteLine { get; private set; }

    public override string? ReadLine()
    {
        while (_line < skipRows)
        {
            if (inner.ReadLine() is null) return null;
            _line++;
        }

        var line = inner.ReadLine();
        if (line is null)
        {
            if (_inQuotes) UnclosedQuoteLine = _recordIsData ? _recordLines[^1] : _line;
            return null;
        }

        _line++;
        if (_inQuotes)
        {
            _record.Append('\n').Append(line);
            _inQuotes = rules.EndsInsideQuotes(line, insideQuotes: true);
        }
        else
        {
            if (TextRules.IsSkipped(line, _beforeFirst)) return line;
            _recordIsData = !(_beforeFirst && hasHeader);
            _beforeFirst = false;
            if (_recordIsData) _recordLines.Add(_line);
            _recordHasQuote = line.Contains('"');
            _record.Clear();
            if (!_recordHasQuote) return line;
            _record.Append(line);
            _inQuotes = rules.ReadMultilines && rules.EndsInsideQuotes(line, insideQuotes: false);
        }

        // Only a record with a quote can have broken quoting; the check waits for the record's last line.
        if (!_inQuotes && _recordHasQuote && _recordIsData)
        {
            rules.Fields(_record.ToString(), out bool broken);
            if (broken)
            {
                lock (_quotingErrors) _quotingErrors.Add(_recordLines.Count - 1);
                _quotingErrorCount++;
            }
        }

        return line;
    }

    public override int Peek() => inner.Peek();

    public override int Read() => inner.Read();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
