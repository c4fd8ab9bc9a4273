namespace ThreatLint.Tasks.Tests;

/// <summary>
/// A throwaway repository outside the source tree with a project that imports build/ThreatLint.props and
/// .targets straight from this repository and the task built beside the tests.
/// </summary>
internal sealed class ConsumerRepository : IDisposable
{
    public ConsumerRepository()
    {
        Root = Path.Combine(Path.GetTempPath(), "threatlint-tasks-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path.Combine(Root, ".git"));
        var build = Path.Combine(RepoPaths.Root, "build");
        var taskAssembly = Path.Combine(TestContext.CurrentContext.TestDirectory, "ThreatLint.Tasks.dll");
        Write("app/App.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <Import Project="{build}/ThreatLint.props" />
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <_ThreatLintTaskAssembly>{taskAssembly}</_ThreatLintTaskAssembly>
              </PropertyGroup>
              <Import Project="{build}/ThreatLint.targets" />
            </Project>
            """);
    }

    public string Root { get; }

    public string ProjectFile => Path.Combine(Root, "app", "App.csproj");

    public string Write(string relativePath, string content)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
