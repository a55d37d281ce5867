using Microsoft.ML;
using Sdk.MlOps.Diagnostics;
using Sdk.MlOps.Hosting;

namespace Sdk.MlOps.Runtime.Tests;

/// <summary>This test assembly holds several model classes (these and other tests'), the "too many" case.</summary>
[TestClass]
public sealed class ModelLocatorTests
{
    public abstract class AbstractModel : MulticlassClassificationModel<DataLoaderTests.Ticket>
    {
        public override IEstimator<ITransformer> Pipeline(MLContext ml, ModelParameters parameters) => throw new NotSupportedException();
    }

    public sealed class LocatedModel : AbstractModel;

    public sealed class ModelWithArgument(int size) : AbstractModel
    {
        public int Size => size;
    }

    public sealed class ModelThatThrows : AbstractModel
    {
        public ModelThatThrows() => throw new InvalidOperationException("no config");
    }

    private static MlOpsException Fails(string? className, System.Reflection.Assembly? assembly = null) =>
        Assert.ThrowsExactly<MlOpsException>(() => ModelLocator.Find(assembly ?? typeof(ModelLocatorTests).Assembly, className));

    [TestMethod]
    public void AssemblyWithoutModelClassIsAnError()
    {
        var e = Fails(null, typeof(ModelBase).Assembly);

        Assert.AreEqual(ErrorCodes.NoModelClass, e.Code);
        Assert.Contains("Sdk.MlOps.Runtime has no model class", e.Message);
    }

    [TestMethod]
    public void SeveralModelClassesAreAnErrorNamingThem()
    {
        var e = Fails(null);

        Assert.AreEqual(ErrorCodes.TooManyModelClasses, e.Code);
        Assert.Contains(typeof(LocatedModel).FullName!, e.Message);
        Assert.DoesNotContain(typeof(AbstractModel).FullName + ",", e.Message);
    }

    [TestMethod]
    [DataRow(nameof(LocatedModel))]
    [DataRow("Sdk.MlOps.Runtime.Tests.ModelLocatorTests+LocatedModel")]
    public void NamedClassIsCreated(string className) =>
        Assert.IsInstanceOfType<LocatedModel>(ModelLocator.Find(typeof(ModelLocatorTests).Assembly, className));

    [TestMethod]
    [DataRow("NoSuchModel")]
    [DataRow(nameof(AbstractModel))]
    public void NamingNoConcreteModelClassIsAnError(string className)
    {
        var e = Fails(className);

        Assert.AreEqual(ErrorCodes.NoModelClass, e.Code);
        Assert.Contains($"'{className}'", e.Message);
    }

    [TestMethod]
    public void ModelWithoutParameterlessConstructorIsAnError()
    {
        var e = Fails(nameof(ModelWithArgument));

        Assert.AreEqual(ErrorCodes.NoModelClass, e.Code);
        Assert.Contains("parameterless constructor", e.Message);
    }

    [TestMethod]
    public void ThrowingConstructorIsAPipelineError()
    {
        var e = Fails(nameof(ModelThatThrows));

        Assert.AreEqual(ErrorCodes.PipelineThrew, e.Code);
        Assert.Contains("InvalidOperationException: no config", e.Message);
        Assert.IsInstanceOfType<InvalidOperationException>(e.InnerException);
    }
}
