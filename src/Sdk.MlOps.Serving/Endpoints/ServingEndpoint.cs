namespace Sdk.MlOps.Serving.Endpoints;

/// <summary>Marks the host's endpoints, for request metrics; <paramref name="Operation"/> is the metric's endpoint tag.</summary>
internal sealed record ServingEndpoint(string Operation)
{
    /// <summary>Where a handler leaves the name of the model it served, for the metric's model tag.</summary>
    public const string ModelItem = "Sdk.MlOps.Serving.Model";
}
