using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace ThreatLint.Analyzers.Tests;

/// <summary>
/// <c>await Verify.Analyzer&lt;T&gt;(source)</c>: the diagnostics expected are the <c>{|TL5008:…|}</c> or <c>[|…|]</c>
/// spans marked in the source, no more and no fewer; the source must compile.
/// </summary>
internal static class Verify
{
    /// <summary>A global using for top-level snippets, as the SDK's implicit usings would give them.</summary>
    private const string ImplicitUsings = "global using System;";

    public static AnalyzerVerification<TAnalyzer> Analyzer<TAnalyzer>(string source)
        where TAnalyzer : DiagnosticAnalyzer, new() => new(source);

    /// <summary>Runs the analyzer on an unmarked program (top-level statements allowed) and returns what it reports
    /// (only <paramref name="id"/>'s diagnostics when given: some analyzers report two rules).</summary>
    public static async Task<ImmutableArray<Diagnostic>> Diagnostics<TAnalyzer>(string program, string? id = null)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var compilation = CSharpCompilation.Create(
            "Snippet",
            [CSharpSyntaxTree.ParseText(program, path: "Program.cs"), CSharpSyntaxTree.ParseText(ImplicitUsings, path: "Usings.cs")],
            TestReferences.All,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        Assert.That(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error), Is.Empty, "the snippet must compile");
        var diagnostics = await compilation.WithAnalyzers([new TAnalyzer()]).GetAnalyzerDiagnosticsAsync();
        return id is null ? diagnostics : [.. diagnostics.Where(d => d.Id == id)];
    }

    internal sealed class AnalyzerVerification<TAnalyzer>
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        private readonly CSharpAnalyzerTest<TAnalyzer, DefaultVerifier> _test = new() { ReferenceAssemblies = TestReferences.Runtime };

        public AnalyzerVerification(string source)
        {
            _test.TestCode = source;
            _test.TestState.AdditionalReferences.AddRange(TestReferences.All);
        }

        /// <summary>Compiles as a program, so top-level statements are allowed.</summary>
        public AnalyzerVerification<TAnalyzer> AsProgram()
        {
            _test.TestState.OutputKind = OutputKind.ConsoleApplication;
            _test.TestState.Sources.Add(("Usings.cs", ImplicitUsings));
            return this;
        }

        /// <summary>Checks only <paramref name="id"/>'s diagnostics of an analyzer that reports several rules.</summary>
        public AnalyzerVerification<TAnalyzer> Only(string id)
        {
            _test.DisabledDiagnostics.AddRange(new TAnalyzer().SupportedDiagnostics.Select(d => d.Id).Where(other => other != id));
            return this;
        }

        /// <summary>Adds a second file, e.g. a generated one.</summary>
        public AnalyzerVerification<TAnalyzer> WithSource(string fileName, string source)
        {
            _test.TestState.Sources.Add((fileName, source));
            return this;
        }

        public Task RunAsync() => _test.RunAsync();

        public TaskAwaiter GetAwaiter() => RunAsync().GetAwaiter();
    }
}
