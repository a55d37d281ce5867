using Sdk.MlOps.Diagnostics;
using Sdk.MlOps.Testing;

namespace Sdk.MlOps.Runtime.Tests;

[TestClass]
public sealed class RequestLocatorTests
{
    [TestMethod]
    public void AProgramBuiltWithoutTheSdksMetadataIsMLOPS3008()
    {
        // This test assembly was not built by the SDK: it names no request.
        var e = Assert.ThrowsExactly<MlOpsException>(() => RequestLocator.Load(typeof(RequestLocatorTests).Assembly, AppContext.BaseDirectory));

        Assert.AreEqual(ErrorCodes.TestRequestMissing, e.Code);
        Assert.Contains(RequestLocator.MetadataKey, e.Message);
    }
}
