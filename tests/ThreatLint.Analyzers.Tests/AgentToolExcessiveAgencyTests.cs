using System.Globalization;
using ThreatLint.Analyzers.Rules;

namespace ThreatLint.Analyzers.Tests;

/// <summary>TL5011 agent-tool-excessive-agency.</summary>
public sealed class AgentToolExcessiveAgencyTests
{
    private const string AutoInvokingKernel = """
        var builder = Kernel.CreateBuilder();
        builder.Plugins.AddFromType<Tools>();
        var kernel = builder.Build();
        var settings = new OpenAIPromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() };
        Console.WriteLine(await kernel.InvokePromptAsync("Tidy up the workspace", new KernelArguments(settings)));
        """;

    private static Verify.AnalyzerVerification<AgentToolExcessiveAgencyAnalyzer> Analyze(string source) =>
        Verify.Analyzer<AgentToolExcessiveAgencyAnalyzer>(source).AsProgram();

    // Fires

    [Test]
    public async Task Fires_on_a_KernelFunction_that_starts_a_process_with_FunctionChoiceBehavior_Auto() => await Analyze($$"""
        using System.ComponentModel;
        using System.Diagnostics;
        using Microsoft.SemanticKernel;
        using Microsoft.SemanticKernel.Connectors.OpenAI;

        {{AutoInvokingKernel}}

        public sealed class Tools
        {
            [KernelFunction, Description("Runs a shell command in the workspace")]
            public int {|TL5011:Run|}(string command)
            {
                using var process = Process.Start("/bin/sh", "-c " + command)!;
                process.WaitForExit();
                return process.ExitCode;
            }
        }
        """);

    [Test]
    public async Task Fires_on_a_KernelFunction_that_deletes_files_with_ToolCallBehavior() => await Analyze("""
        using System.ComponentModel;
        using System.IO;
        using Microsoft.SemanticKernel;
        using Microsoft.SemanticKernel.Connectors.OpenAI;

        var kernel = Kernel.CreateBuilder().Build();
        kernel.ImportPluginFromType<Tools>();
        #pragma warning disable CS0618 // ToolCallBehavior is the older API this rule must still recognise
        var settings = new OpenAIPromptExecutionSettings { ToolCallBehavior = ToolCallBehavior.AutoInvokeKernelFunctions };
        #pragma warning restore CS0618
        Console.WriteLine(await kernel.InvokePromptAsync("Free some disk space", new KernelArguments(settings)));

        public sealed class Tools
        {
            [KernelFunction("delete_file"), Description("Deletes a file")]
            public void {|TL5011:DeleteFile|}(string path) => File.Delete(path);
        }
        """);

    [Test]
    public async Task Fires_on_AIFunctionFactory_tools_that_fetch_a_URL_from_their_parameter() => await Analyze("""
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        IChatClient inner = null!;
        var client = new ChatClientBuilder(inner).UseFunctionInvocation().Build();
        var options = new ChatOptions
        {
            Tools =
            [
                AIFunctionFactory.Create(Browser.FetchAsync),
                AIFunctionFactory.Create({|TL5011:(string path, string text) => System.IO.File.WriteAllText(path, text)|}),
            ],
        };
        Console.WriteLine(await client.GetResponseAsync("Summarize https://example.com", options));

        static class Browser
        {
            private static readonly HttpClient Http = new();

            public static Task<string> {|TL5011:FetchAsync|}(string url) => Http.GetStringAsync(url);
        }
        """);

    // Does not fire

    [Test]
    public async Task Does_not_fire_on_a_KernelFunction_that_reads_a_fixed_file() => await Analyze($$"""
        using System.ComponentModel;
        using System.IO;
        using Microsoft.SemanticKernel;
        using Microsoft.SemanticKernel.Connectors.OpenAI;

        {{AutoInvokingKernel}}

        public sealed class Tools
        {
            [KernelFunction, Description("Returns the returns policy")]
            public string ReturnsPolicy() => File.ReadAllText(Path.Combine("faq", "returns.md"));
        }
        """);

    [Test]
    public async Task Does_not_fire_without_automatic_invocation() => await Analyze("""
        using System.ComponentModel;
        using System.Diagnostics;
        using Microsoft.SemanticKernel;
        using Microsoft.SemanticKernel.Connectors.OpenAI;

        var builder = Kernel.CreateBuilder();
        builder.Plugins.AddFromType<Tools>();
        var kernel = builder.Build();
        var settings = new OpenAIPromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto(autoInvoke: false) };
        Console.WriteLine(await kernel.InvokePromptAsync("Tidy up the workspace", new KernelArguments(settings)));

        public sealed class Tools
        {
            [KernelFunction, Description("Runs a shell command in the workspace")]
            public void Run(string command) => Process.Start("/bin/sh", "-c " + command);
        }
        """);

    [Test]
    public async Task Does_not_fire_on_a_fixed_host_or_a_method_that_is_not_a_tool() => await Analyze($$"""
        using System;
        using System.ComponentModel;
        using System.IO;
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.SemanticKernel;
        using Microsoft.SemanticKernel.Connectors.OpenAI;

        {{AutoInvokingKernel}}

        public sealed class Tools
        {
            private static readonly HttpClient Http = new();

            [KernelFunction, Description("Current weather for a city")]
            public Task<string> WeatherAsync(string city) =>
                Http.GetStringAsync($"https://api.weather.example/v1/current?city={Uri.EscapeDataString(city)}");

            public static void Cleanup(string path) => File.Delete(path);
        }
        """);

    [Test]
    public async Task Message_names_the_tool_and_what_it_can_do()
    {
        var diagnostics = await Verify.Diagnostics<AgentToolExcessiveAgencyAnalyzer>($$"""
            using System.IO;
            using Microsoft.SemanticKernel;
            using Microsoft.SemanticKernel.Connectors.OpenAI;

            {{AutoInvokingKernel}}

            public sealed class Tools
            {
                [KernelFunction]
                public void Save(string path, string text) => File.WriteAllText(path, text);
            }
            """);

        Assert.That(diagnostics.Select(d => d.GetMessage(CultureInfo.InvariantCulture)), Is.EqualTo(new[]
        {
            "Tool Save writes or deletes files (File.WriteAllText) and is invoked automatically by the model [ATLAS AML.T0053; OWASP LLM06]",
        }));
    }

    [Test]
    public async Task Catalog_example_fails_once_and_its_fix_passes()
    {
        var example = Catalog.Rules.AgentToolExcessiveAgency.Example!;

        var failing = await Verify.Diagnostics<AgentToolExcessiveAgencyAnalyzer>(example.Failing);
        var passing = await Verify.Diagnostics<AgentToolExcessiveAgencyAnalyzer>(example.Passing);

        Assert.That(failing.Select(d => d.Id), Is.EqualTo(new[] { "TL5011" }));
        Assert.That(passing, Is.Empty);
    }
}
