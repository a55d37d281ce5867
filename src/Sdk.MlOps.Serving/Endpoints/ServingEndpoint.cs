namespace Sdk.MlOps.Serving.Endpoints;

/// <summary>
/// Marks the host's endpoints, for request metrics: <paramref name="Operation"/> is the metric's endpoint tag, and
/// <paramref name="Model"/> the model of a route that serves one model (a route with <c>{name}</c> takes it from there).
/// </summary>
internal sealed record ServingEndpoint(string Operation, string? Model = null);
