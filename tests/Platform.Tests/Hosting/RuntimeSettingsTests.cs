using System.Text.Json;

namespace Platform.Tests.Hosting;

/// The garbage-collector settings the web app is built with (its runtimeconfig.json, which the
/// runtime reads however the app is started): docs/deploy.md, "Memory", says why each is set.
public sealed class RuntimeSettingsTests
{
    [Fact]
    public void The_web_app_runs_the_workstation_collector_that_compacts_a_fragmented_heap()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Platform.Web.runtimeconfig.json");
        Assert.True(File.Exists(path), $"{path} is missing: the test project must reference Platform.Web.");
        using var config = JsonDocument.Parse(File.ReadAllText(path));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.False(properties.GetProperty("System.GC.Server").GetBoolean());
        Assert.Equal(7, properties.GetProperty("System.GC.ConserveMemory").GetInt32());
    }
}
