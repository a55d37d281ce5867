using System.Net;

namespace Sdk.MlOps.MLflow.Rest;

/// <summary>
/// A file as a request body, opened anew each time it is sent. A StreamContent could not be sent twice, and the
/// resilience handler refuses to clone one; this streams the file on every attempt without holding it in memory.
/// </summary>
internal sealed class FileContent : HttpContent
{
    private readonly string _path;
    private readonly long _length;

    public FileContent(string path)
    {
        _path = path;
        _length = new FileInfo(path).Length;
        Headers.ContentType = new("application/octet-stream");
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        await SerializeToStreamAsync(stream, context, CancellationToken.None).ConfigureAwait(false);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await file.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }
}
