using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ThreatLint.Analyzers.Rules;

namespace ThreatLint.CodeFixes;

/// <summary>TL5002: <c>.RequireAuthorization()</c> on the endpoint, or <c>[Authorize]</c> on the action.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(InferenceEndpointNoAuthorizationCodeFix))]
[Shared]
public sealed class InferenceEndpointNoAuthorizationCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(InferenceEndpointAnalyzer.NoAuthorization.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var diagnostic = context.Diagnostics[0];
        switch (root is null ? null : Syntax.Endpoint(root, diagnostic.Location.SourceSpan))
        {
            case InvocationExpressionSyntax map when !IsAllowAnonymous(map):
                Fix.Register(context, diagnostic, "Require authorization", nameof(InferenceEndpointNoAuthorizationCodeFix), () => Syntax.ChainConvention(root!, map, "RequireAuthorization", null, null));
                break;
            case MethodDeclarationSyntax action when !action.AttributeLists.SelectMany(l => l.Attributes).Any(a => a.Name.ToString().Contains("AllowAnonymous")):
                Fix.Register(context, diagnostic, "Add [Authorize]", nameof(InferenceEndpointNoAuthorizationCodeFix), () => Syntax.AddUsing(Syntax.AddAttribute(root!, action, "Authorize", null), "Microsoft.AspNetCore.Authorization"));
                break;
        }
    }

    // AllowAnonymous wins over RequireAuthorization: adding one beside it would change nothing; the user must choose.
    private static bool IsAllowAnonymous(InvocationExpressionSyntax map) =>
        map.Ancestors().OfType<InvocationExpressionSyntax>()
            .TakeWhile(i => i.Expression is MemberAccessExpressionSyntax)
            .Any(i => i.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "AllowAnonymous" });
}
