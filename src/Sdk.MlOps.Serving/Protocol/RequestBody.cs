using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace Sdk.MlOps.Serving.Protocol;

/// <summary>Reads a JSON request body within the host's size limit.</summary>
internal static class RequestBody
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 16 };

    public static async Task<JsonDocument> ReadJson(HttpContext context, long maxBytes)
    {
        var request = context.Request;
        if (request.ContentLength > maxBytes) throw TooLarge(maxBytes);

        // Lowering Kestrel's own limit for this request makes it stop reading a chunked body past the limit too,
        // rather than buffering whatever a client sends.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = maxBytes;

        // Parsed as it streams in (pooled buffers), not copied into a buffer of its own first; a first read, left
        // unconsumed, tells an empty body (also a chunked one) from one that is not JSON.
        try
        {
            if (request.ContentLength == 0) throw NoBody();
            var first = await request.BodyReader.ReadAsync(context.RequestAborted);
            bool empty = first.IsCompleted && first.Buffer.IsEmpty;
            request.BodyReader.AdvanceTo(first.Buffer.Start);
            if (empty) throw NoBody();
            return await JsonDocument.ParseAsync(request.Body, Options, context.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge(maxBytes);
        }
        catch (JsonException e)
        {
            throw InputError.BadRequest($"The body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).");
        }
    }

    private static InputError NoBody() => InputError.BadRequest("The request has no body: send a JSON document.");

    private static InputError TooLarge(long maxBytes) =>
        new(StatusCodes.Status413PayloadTooLarge, $"The request body is larger than the limit of {maxBytes} bytes.");
}
