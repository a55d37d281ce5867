using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Sdk.MlOps.Inference.Tests;

/// <summary>AddModelPredictor: one predictor per model, reachable as the input class's predictor and by name.</summary>
[TestClass]
public sealed class ServiceCollectionTests
{
    [TestMethod]
    public void AddModelPredictor_registers_one_singleton_both_plain_and_keyed_by_name()
    {
        var file = TrainedModels.CopyTo(TrainedModels.TicketsV1, TrainedModels.NewFolder());
        var services = new ServiceCollection();

        Assert.AreSame(services, services.AddModelPredictor<Ticket>("triage", file, o => o.WatchForChanges = false));

        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        var plain = provider.GetRequiredService<ModelPredictor<Ticket>>();
        var keyed = provider.GetRequiredKeyedService<ModelPredictor<Ticket>>("triage");
        Assert.AreSame(plain, keyed);
        Assert.AreSame(plain, provider.GetRequiredService<ModelPredictor<Ticket>>(), "a singleton");
        using (var scope = provider.CreateScope())
            Assert.AreSame(plain, scope.ServiceProvider.GetRequiredKeyedService<ModelPredictor<Ticket>>("triage"));
        Assert.AreEqual(Path.GetFullPath(file), plain.ModelFile);
        Assert.AreEqual("network", plain.Predict(TrainedModels.SampleTickets[0]).Label);
        Assert.IsNull(provider.GetKeyedService<ModelPredictor<Ticket>>("other"));
    }

    [TestMethod]
    public void Two_models_of_one_input_class_are_told_apart_by_name()
    {
        var v1 = TrainedModels.CopyTo(TrainedModels.TicketsV1, TrainedModels.NewFolder());
        var v2 = TrainedModels.CopyTo(TrainedModels.TicketsV2, TrainedModels.NewFolder());
        var services = new ServiceCollection()
            .AddModelPredictor<Ticket>("first", v1, o => o.WatchForChanges = false)
            .AddModelPredictor<Ticket>("second", v2, o => o.WatchForChanges = false);

        using var provider = services.BuildServiceProvider();
        var first = provider.GetRequiredKeyedService<ModelPredictor<Ticket>>("first");
        var second = provider.GetRequiredKeyedService<ModelPredictor<Ticket>>("second");

        Assert.AreNotSame(first, second);
        Assert.AreEqual("network", first.Predict(TrainedModels.SampleTickets[0]).Label);
        Assert.AreEqual("net-v2", second.Predict(TrainedModels.SampleTickets[0]).Label);
        // The plain registration is the last one's, as for any service registered twice.
        Assert.AreSame(second, provider.GetRequiredService<ModelPredictor<Ticket>>());
    }

    [TestMethod]
    public void Arguments_are_checked_when_registering()
    {
        var services = new ServiceCollection();
        Assert.ThrowsExactly<ArgumentNullException>(() => ((IServiceCollection)null!).AddModelPredictor<Ticket>("m", "m.zip"));
        Assert.Throws<ArgumentException>(() => services.AddModelPredictor<Ticket>("", "m.zip"));
        Assert.Throws<ArgumentException>(() => services.AddModelPredictor<Ticket>("m", ""));
        Assert.IsEmpty(services);
    }

    [TestMethod]
    public void A_registered_model_reloads_when_its_file_is_replaced_unless_configured_otherwise()
    {
        var watchedFile = TrainedModels.CopyTo(TrainedModels.TicketsV1, TrainedModels.NewFolder());
        var fixedFile = TrainedModels.CopyTo(TrainedModels.TicketsV1, TrainedModels.NewFolder());
        using var provider = new ServiceCollection()
            .AddModelPredictor<Ticket>("watched", watchedFile, o => o.ReloadDelay = TimeSpan.FromMilliseconds(50))
            .AddModelPredictor<Ticket>("fixed", fixedFile, o => { o.WatchForChanges = false; o.ReloadDelay = TimeSpan.FromMilliseconds(50); })
            .BuildServiceProvider();
        var watched = provider.GetRequiredKeyedService<ModelPredictor<Ticket>>("watched");
        var unwatched = provider.GetRequiredKeyedService<ModelPredictor<Ticket>>("fixed");

        TrainedModels.ReplaceAtomically(watchedFile, File.ReadAllBytes(TrainedModels.TicketsV2));
        TrainedModels.ReplaceAtomically(fixedFile, File.ReadAllBytes(TrainedModels.TicketsV2));

        var clock = Stopwatch.StartNew();
        while (watched.Predict(TrainedModels.SampleTickets[0]).Label != "net-v2" && clock.Elapsed < TimeSpan.FromSeconds(10)) Thread.Sleep(20);
        Assert.AreEqual("net-v2", watched.Predict(TrainedModels.SampleTickets[0]).Label, "watching is the default of a registered model");
        Assert.AreEqual("network", unwatched.Predict(TrainedModels.SampleTickets[0]).Label);
    }
}
