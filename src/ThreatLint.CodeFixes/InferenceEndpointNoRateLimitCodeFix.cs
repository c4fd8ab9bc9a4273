using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ThreatLint.Analyzers.Rules;

namespace ThreatLint.CodeFixes;

/// <summary>TL5001: <c>.RequireRateLimiting("fixed")</c> on the endpoint, or <c>[EnableRateLimiting("fixed")]</c> on the action.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(InferenceEndpointNoRateLimitCodeFix))]
[Shared]
public sealed class InferenceEndpointNoRateLimitCodeFix : CodeFixProvider
{
    internal const string Policy = "fixed";

    private const string Todo = "register the \"fixed\" policy: builder.Services.AddRateLimiter(o => o.AddFixedWindowLimiter(\"fixed\", ...)) and app.UseRateLimiter()";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(InferenceEndpointAnalyzer.NoRateLimit.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var diagnostic = context.Diagnostics[0];
        switch (root is null ? null : Syntax.Endpoint(root, diagnostic.Location.SourceSpan))
        {
            case InvocationExpressionSyntax map:
                Fix.Register(context, diagnostic, "Require the \"fixed\" rate limiting policy", nameof(InferenceEndpointNoRateLimitCodeFix), () => Syntax.ChainConvention(root!, map, "RequireRateLimiting", Policy, Todo));
                break;
            case MethodDeclarationSyntax action:
                Fix.Register(context, diagnostic, "Add [EnableRateLimiting(\"fixed\")]", nameof(InferenceEndpointNoRateLimitCodeFix), () => Syntax.AddUsing(Syntax.AddAttribute(root!, action, "EnableRateLimiting", Policy), "Microsoft.AspNetCore.RateLimiting"));
                break;
        }
    }
}
