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

        using var buffer = new MemoryStream();
        try
        {
            await request.Body.CopyToAsync(buffer, context.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge(maxBytes);
        }

        if (buffer.Length > maxBytes) throw TooLarge(maxBytes);
        if (buffer.Length == 0) throw InputError.BadRequest("The request has no body: send a JSON document.");
        try
        {
            return JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), Options);
        }
        catch (JsonException e)
        {
            throw InputError.BadRequest($"The body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).");
        }
    }

    private static InputError TooLarge(long maxBytes) =>
        new(StatusCodes.Status413PayloadTooLarge, $"The request body is larger than the limit of {maxBytes} bytes.");
}
