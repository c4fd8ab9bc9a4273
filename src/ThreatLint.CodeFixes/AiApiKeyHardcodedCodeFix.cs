using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ThreatLint.Analyzers.Rules;

namespace ThreatLint.CodeFixes;

/// <summary>
/// TL5008: the literal key becomes a configuration read (<c>builder.Configuration["OpenAI:ApiKey"]</c>) when a
/// configuration is in scope, else an environment variable; both throw when the key is missing.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AiApiKeyHardcodedCodeFix))]
[Shared]
public sealed class AiApiKeyHardcodedCodeFix : CodeFixProvider
{
    internal const string ConfigurationKey = "OpenAI:ApiKey";
    internal const string EnvironmentVariable = "OPENAI_API_KEY";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(AiApiKeyHardcodedAnalyzer.Rule.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var diagnostic = context.Diagnostics[0];
        // Only a literal written at the call: a key kept in a constant or a local stays in source, and moving it is the user's call.
        if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not LiteralExpressionSyntax literal)
        {
            return;
        }

        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        var configuration = model is null ? null : Configuration(model, literal.SpanStart);
        var replacement = configuration is null
            ? $"Environment.GetEnvironmentVariable(\"{EnvironmentVariable}\") ?? throw new InvalidOperationException(\"{EnvironmentVariable} is not set\")"
            : $"{configuration}[\"{ConfigurationKey}\"] ?? throw new InvalidOperationException(\"{ConfigurationKey} is not configured\")";
        var title = configuration is null ? $"Read the key from {EnvironmentVariable}" : $"Read the key from configuration ({ConfigurationKey})";
        Fix.Register(context, diagnostic, title, nameof(AiApiKeyHardcodedCodeFix), () => root.ReplaceNode(literal, SyntaxFactory.ParseExpression(replacement).WithTriviaFrom(literal)));
    }

    /// <summary>"builder.Configuration", "configuration", "_configuration": an IConfiguration reachable at the position, or null.</summary>
    private static string? Configuration(SemanticModel model, int position)
    {
        var iconfiguration = model.Compilation.GetTypeByMetadataName("Microsoft.Extensions.Configuration.IConfiguration");
        if (iconfiguration is null)
        {
            return null;
        }

        bool IsConfiguration(ITypeSymbol? type) =>
            type is not null && (SymbolEqualityComparer.Default.Equals(type, iconfiguration) || type.AllInterfaces.Contains(iconfiguration, SymbolEqualityComparer.Default));

        foreach (var symbol in model.LookupSymbols(position))
        {
            var type = symbol switch
            {
                ILocalSymbol local => local.Type,
                IParameterSymbol parameter => parameter.Type,
                IFieldSymbol field => field.Type,
                _ => null,
            };
            if (type is null || (symbol is ILocalSymbol && !IsDeclaredBefore(symbol, position)))
            {
                continue;
            }

            if (IsConfiguration(type))
            {
                return symbol.Name;
            }

            // WebApplicationBuilder, HostApplicationBuilder: builder.Configuration.
            if (type.GetMembers("Configuration").OfType<IPropertySymbol>().Any(p => IsConfiguration(p.Type)))
            {
                return symbol.Name + ".Configuration";
            }
        }

        return null;
    }

    private static bool IsDeclaredBefore(ISymbol symbol, int position) =>
        symbol.Locations.FirstOrDefault() is { IsInSource: true } location && location.SourceSpan.End <= position;
}
