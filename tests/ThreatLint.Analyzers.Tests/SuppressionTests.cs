using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;
using ThreatLint.Analyzers.Rules;
using ThreatLint.Findings;

namespace ThreatLint.Analyzers.Tests;

/// <summary>
/// How TL5xxx findings are accepted: the standard C# mechanisms (#pragma, [SuppressMessage], .editorconfig severity)
/// and the baseline, through <see cref="BaselineSuppressor"/> reading it as an additional file.
/// </summary>
public sealed class SuppressionTests
{
    private const string Key = "sk-proj-4f9Q2xY7LmN3pR8sT1vW6zA0bC5dE2fG";
    private const string KeyPath = "src/Api/Keys.cs";

    private static readonly string Keys = $$"""
        using System.ClientModel;

        class Keys
        {
            ApiKeyCredential Create() => new ApiKeyCredential("{{Key}}");
        }
        """;

    [Test]
    public async Task Pragma_warning_disable_suppresses() => await Standard($$"""
        using System.ClientModel;

        class Keys
        {
        #pragma warning disable TL5008 // a throwaway key for the local emulator
            ApiKeyCredential Create() => new ApiKeyCredential("{{Key}}");
        #pragma warning restore TL5008
        }
        """);

    [Test]
    public async Task SuppressMessage_attribute_suppresses() => await Standard($$"""
        using System.ClientModel;
        using System.Diagnostics.CodeAnalysis;

        class Keys
        {
            [SuppressMessage("Security", "TL5008:AI API key hard-coded", Justification = "local emulator key")]
            ApiKeyCredential Create() => new ApiKeyCredential("{{Key}}");
        }
        """);

    [Test]
    public async Task Editorconfig_severity_none_suppresses() => await Standard(Keys, "root = true\n\n[*.cs]\ndotnet_diagnostic.TL5008.severity = none\n");

    [Test]
    public async Task The_baseline_suppresses_an_accepted_finding_after_its_lines_move()
    {
        var baseline = Baseline(KeyPath, "TL5008", "\"" + Key + "\"");
        var moved = "// Keys for the local emulator.\n\n\n" + Keys.Replace("=> new", "=>\n        new", StringComparison.Ordinal);

        var before = await Run(Keys, "/repo/" + KeyPath, baseline);
        var after = await Run(moved, "/repo/" + KeyPath, baseline);

        Assert.Multiple(() =>
        {
            Assert.That(before.Single().IsSuppressed, Is.True);
            Assert.That(after.Single().IsSuppressed, Is.True);
        });
    }

    [Test]
    public async Task Another_file_or_another_key_is_not_suppressed()
    {
        var baseline = Baseline(KeyPath, "TL5008", "\"" + Key + "\"");

        var otherFile = await Run(Keys, "/repo/src/Worker/Keys.cs", baseline);
        var otherKey = await Run(Keys.Replace("4f9Q", "9999", StringComparison.Ordinal), "/repo/" + KeyPath, baseline);
        var noBaseline = await Run(Keys, "/repo/" + KeyPath, null);

        var all = otherFile.Concat(otherKey).Concat(noBaseline).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(all, Has.Count.EqualTo(3));
            Assert.That(all.Select(d => d.IsSuppressed), Is.All.False);
        });
    }

    [Test]
    public async Task A_baseline_marked_by_MSBuild_metadata_is_read_whatever_its_name()
    {
        var baseline = new InMemoryText("/repo/security/accepted.json", Baseline(KeyPath, "TL5008", "\"" + Key + "\"").GetText()!.ToString());

        var result = await Run(Keys, "/repo/" + KeyPath, baseline, markAsBaseline: true);

        Assert.That(result.Single().IsSuppressed, Is.True);
    }

    [Test]
    public void The_suppressor_covers_every_analyzer_rule()
    {
        var suppressed = new BaselineSuppressor().SupportedSuppressions.Select(s => s.SuppressedDiagnosticId);

        Assert.That(suppressed, Is.EquivalentTo(Catalog.Rules.All.Where(r => r.Family == Catalog.RuleFamily.CSharpCode).Select(r => r.Id)));
    }

    private static async Task Standard(string source, string? editorconfig = null)
    {
        var test = new CSharpAnalyzerTest<AiApiKeyHardcodedAnalyzer, DefaultVerifier> { ReferenceAssemblies = TestReferences.Runtime, TestCode = source };
        test.TestState.AdditionalReferences.AddRange(TestReferences.All);
        if (editorconfig is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", editorconfig));
        }

        await test.RunAsync();
    }

    private static InMemoryText Baseline(string path, string ruleId, string evidence) => new("/repo/threatlint.baseline.json", $$"""
        {
          "version": 1,
          "tool": { "name": "ThreatLint", "version": "1.0.0" },
          "entries": [
            {
              "ruleId": "{{ruleId}}",
              "path": "{{path}}",
              "fingerprint": "{{FingerprintHash.Compute(ruleId, path, evidence)}}",
              "message": "accepted"
            }
          ]
        }
        """);

    private static async Task<ImmutableArray<Diagnostic>> Run(string source, string path, AdditionalText? baseline, bool markAsBaseline = false)
    {
        var compilation = CSharpCompilation.Create(
            "Snippet",
            [CSharpSyntaxTree.ParseText(source, path: path)],
            TestReferences.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var additional = baseline is null ? ImmutableArray<AdditionalText>.Empty : [baseline];
        var metadata = markAsBaseline && baseline is not null
            ? ImmutableDictionary<string, string>.Empty.Add(BaselineSuppressor.MetadataKey, "true")
            : ImmutableDictionary<string, string>.Empty;
        var options = new AnalyzerOptions(additional, new MetadataOptionsProvider(metadata));
        var analyzers = compilation.WithAnalyzers(
            [new AiApiKeyHardcodedAnalyzer(), new BaselineSuppressor()],
            new CompilationWithAnalyzersOptions(options, onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: true));
        return (await analyzers.GetAnalyzerDiagnosticsAsync()).Where(d => d.Id == "TL5008").ToImmutableArray();
    }

    private sealed class InMemoryText(string path, string text) : AdditionalText
    {
        public override string Path => path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text, Encoding.UTF8);
    }

    /// <summary>What MSBuild's CompilerVisibleItemMetadata gives an additional file.</summary>
    private sealed class MetadataOptionsProvider(ImmutableDictionary<string, string> additionalFileOptions) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions => new Options(ImmutableDictionary<string, string>.Empty);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options(ImmutableDictionary<string, string>.Empty);

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Options(additionalFileOptions);

        private sealed class Options(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
        }
    }
}
