using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace ThreatLint.Analyzers.Tests;

/// <summary>
/// <c>await VerifyCodeFix.RunAsync&lt;TAnalyzer, TFix&gt;(source, fixedSource)</c>: the marked diagnostics in
/// <paramref name="source"/> are reported, the fix turns it into <paramref name="fixedSource"/>, which reports none.
/// Sources compile as programs (top-level statements allowed) against <see cref="TestReferences"/>.
/// </summary>
internal static class VerifyCodeFix
{
    public static Task RunAsync<TAnalyzer, TFix>(string source, string fixedSource)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TFix : CodeFixProvider, new()
    {
        var test = new CSharpCodeFixTest<TAnalyzer, TFix, DefaultVerifier>
        {
            ReferenceAssemblies = TestReferences.Runtime,
            TestCode = source,
            FixedCode = fixedSource,
            // TL5001/TL5002 are reported at compilation end (a global limiter or fallback policy decides): the IDE shows
            // them, and offers their fixes, from full solution analysis and builds rather than live.
            CodeFixTestBehaviors = CodeFixTestBehaviors.SkipLocalDiagnosticCheck,
        };
        // An analyzer may report several rules (TL5001 and TL5002): only what this fix fixes is checked.
        var fixable = new TFix().FixableDiagnosticIds;
        test.DisabledDiagnostics.AddRange(new TAnalyzer().SupportedDiagnostics.Select(d => d.Id).Where(id => !fixable.Contains(id)));
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.FixedState.OutputKind = OutputKind.ConsoleApplication;
        test.TestState.AdditionalReferences.AddRange(TestReferences.All);
        return test.RunAsync();
    }

    /// <summary>The fix offers nothing for the marked diagnostics.</summary>
    public static Task NoFixAsync<TAnalyzer, TFix>(string source)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TFix : CodeFixProvider, new() => RunAsync<TAnalyzer, TFix>(source, source);
}
