using Microsoft.Build.Locator;

namespace ThreatLint.Tasks.Tests;

/// <summary>Registers the SDK's MSBuild once, before any test touches Microsoft.Build types.</summary>
[SetUpFixture]
public sealed class MSBuildSetup
{
    [OneTimeSetUp]
    public void RegisterMSBuild()
    {
        if (!MSBuildLocator.IsRegistered)
        {
            MSBuildLocator.RegisterDefaults();
        }
    }
}
