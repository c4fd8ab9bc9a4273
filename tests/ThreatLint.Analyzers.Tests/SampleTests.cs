using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using ThreatLint.Tests;

namespace ThreatLint.Analyzers.Tests;

/// <summary>
/// What the compiler (and the IDE) reports on the C# of samples/: the analyzers over the sample's sources with its
/// real packages, compared with the .cs lines of its expected-findings.txt (the CLI tests check the whole file).
/// </summary>
public sealed class SampleTests
{
    // What Microsoft.NET.Sdk.Web's implicit usings give the sample.
    private const string WebUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        global using global::Microsoft.AspNetCore.Builder;
        global using global::Microsoft.AspNetCore.Http;
        global using global::Microsoft.Extensions.DependencyInjection;
        global using global::Microsoft.Extensions.Hosting;
        """;

    [TestCase("sentiment-api")]
    public async Task The_analyzers_report_exactly_the_expected_CSharp_findings(string sample)
    {
        var root = RepoPaths.Of("samples/" + sample);
        var expected = File.ReadAllLines(Path.Combine(root, "expected-findings.txt"))
            .Where(line => line.Split('(')[0].EndsWith(".cs", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        var sources = Directory.EnumerateFiles(root, "*.cs")
            .Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), path: Path.GetFileName(path)))
            .Append(CSharpSyntaxTree.ParseText(WebUsings, path: "GlobalUsings.g.cs"));
        var compilation = CSharpCompilation.Create(sample, sources, TestReferences.All, new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        Assert.That(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error), Is.Empty, "the sample must compile");

        var analyzers = typeof(Descriptors).Assembly.GetTypes()
            .Where(t => t.IsDefined(typeof(DiagnosticAnalyzerAttribute), inherit: false))
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();
        var diagnostics = await compilation.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync();

        var actual = diagnostics
            .Select(d => d.Location.GetLineSpan())
            .Zip(diagnostics, (span, d) => $"{span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): warning {d.Id}")
            .Order(StringComparer.Ordinal);
        Assert.That(actual, Is.EqualTo(expected));
    }
}
