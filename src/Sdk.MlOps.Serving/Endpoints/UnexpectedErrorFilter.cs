using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sdk.MlOps.Serving.Protocol;
using Sdk.MlOps.Serving.Telemetry;

namespace Sdk.MlOps.Serving.Endpoints;

/// <summary>
/// Turns a refused request into its status and message, and anything unexpected into a 500 that says nothing but a
/// trace id: the exception, with its stack and any path or value in its text, goes to the server's log only. Done
/// here rather than by an exception-handling middleware so that the host's other endpoints keep their own handling.
/// </summary>
internal sealed class UnexpectedErrorFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        try
        {
            return await next(context);
        }
        catch (InputError e)
        {
            return Errors.Json(e.Status, e.Message);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nobody reads an answer.
            return Results.Empty;
        }
        catch (Exception e)
        {
            var traceId = Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;
            var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(Log.Category);
            Log.UnexpectedError(logger, e, http.Request.Method, http.Request.Path, traceId);
            return Errors.Json(StatusCodes.Status500InternalServerError, "The server failed to answer this request; the error is in its log under the trace id.", traceId);
        }
    }
}
