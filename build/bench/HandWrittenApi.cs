using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;

namespace Bench;

/// <summary>
/// Side B of figure 7: the model served the way a careful .NET developer writes it today without Sdk.MlOps.Serving.
/// A minimal API, one <c>POST /predict</c> that binds the input class from JSON, a
/// <see cref="Microsoft.Extensions.ObjectPool"/> pool of typed <see cref="PredictionEngine{TSrc,TDst}"/> (an engine is
/// not thread-safe, and building one per request is slow), and <c>{label, score}</c> back. No reload, no metrics,
/// no validation beyond model binding's.
/// </summary>
internal static class HandWrittenApi
{
    public sealed record Prediction(string Label, float Score);

    public static int Serve(string modelFile)
    {
        var builder = HostedSides.Builder();
        var ml = new MLContext();
        var model = ml.Model.Load(modelFile, out _);
        builder.Services.AddSingleton<ObjectPool<PredictionEngine<Issue, IssueOutput>>>(
            new DefaultObjectPoolProvider().Create(new EnginePolicy(() => ml.Model.CreatePredictionEngine<Issue, IssueOutput>(model))));

        var app = builder.Build();
        app.MapPost("/predict", (Issue issue, ObjectPool<PredictionEngine<Issue, IssueOutput>> engines) =>
        {
            var engine = engines.Get();
            try
            {
                var output = engine.Predict(issue);
                return TypedResults.Ok(new Prediction(output.PredictedLabel, output.Score.Max()));
            }
            finally
            {
                engines.Return(engine);
            }
        });
        return HostedSides.Serve(app);
    }

    private sealed class EnginePolicy(Func<PredictionEngine<Issue, IssueOutput>> create) : PooledObjectPolicy<PredictionEngine<Issue, IssueOutput>>
    {
        public override PredictionEngine<Issue, IssueOutput> Create() => create();

        public override bool Return(PredictionEngine<Issue, IssueOutput> engine) => true;
    }
}
