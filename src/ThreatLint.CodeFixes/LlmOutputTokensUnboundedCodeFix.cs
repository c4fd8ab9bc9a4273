using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ThreatLint.Analyzers.Rules;

namespace ThreatLint.CodeFixes;

/// <summary>
/// TL5007: sets a 1024-token limit in the options object created for the call (inline or in a local of the same body).
/// Offers nothing when the call passes no options: where they should come from is the author's choice.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LlmOutputTokensUnboundedCodeFix))]
[Shared]
public sealed class LlmOutputTokensUnboundedCodeFix : CodeFixProvider
{
    internal const int Limit = 1024;

    // Options type → its output limit property.
    private static readonly (string Type, string Property)[] Limits =
    [
        ("OpenAI.Chat.ChatCompletionOptions", "MaxOutputTokenCount"),
        ("Microsoft.Extensions.AI.ChatOptions", "MaxOutputTokens"),
        ("Microsoft.SemanticKernel.Connectors.OpenAI.OpenAIPromptExecutionSettings", "MaxTokens"),
    ];

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(LlmOutputTokensUnboundedAnalyzer.Rule.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        var diagnostic = context.Diagnostics[0];
        if (root is null || model is null
            || root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } call)
        {
            return;
        }

        foreach (var argument in call.ArgumentList.Arguments)
        {
            if (Creation(argument.Expression, model, context.CancellationToken) is { } creation
                && Property(model.GetTypeInfo(creation, context.CancellationToken).Type) is { } property)
            {
                Fix.Register(context, diagnostic, $"Set {property} = {Limit}", nameof(LlmOutputTokensUnboundedCodeFix), () => root.ReplaceNode(creation, WithLimit(creation, property)));
                return;
            }
        }
    }

    /// <summary>The <c>new …Options { … }</c> the argument is, or the one its local was initialised with.</summary>
    private static BaseObjectCreationExpressionSyntax? Creation(ExpressionSyntax argument, SemanticModel model, CancellationToken cancellationToken) => argument switch
    {
        BaseObjectCreationExpressionSyntax creation => creation,
        IdentifierNameSyntax identifier when model.GetSymbolInfo(identifier, cancellationToken).Symbol is ILocalSymbol local
            && local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer.Value: BaseObjectCreationExpressionSyntax creation }
            && creation.SyntaxTree == argument.SyntaxTree
            => creation,
        _ => null,
    };

    private static string? Property(ITypeSymbol? type)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            var name = t.ToDisplayString();
            foreach (var (typeName, property) in Limits)
            {
                if (name == typeName)
                {
                    return property;
                }
            }
        }

        return null;
    }

    private static BaseObjectCreationExpressionSyntax WithLimit(BaseObjectCreationExpressionSyntax creation, string property)
    {
        var assignment = SyntaxFactory.ParseExpression($"{property} = {Limit}");
        if (creation.Initializer is { Expressions.Count: > 0 } initializer)
        {
            // Keep the initializer's layout: one line stays one line, one member per line stays so.
            var items = initializer.Expressions;
            var multiline = initializer.OpenBraceToken.TrailingTrivia.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            var last = items[items.Count - 1];
            var list = new List<SyntaxNodeOrToken>(items.GetWithSeparators());
            if (items.SeparatorCount < items.Count)
            {
                list[list.Count - 1] = last.WithoutTrailingTrivia();
                list.Add(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(multiline ? SyntaxFactory.EndOfLine("\n") : SyntaxFactory.Space));
            }

            list.Add(assignment.WithLeadingTrivia(multiline ? items[0].GetLeadingTrivia() : default).WithTrailingTrivia(last.GetTrailingTrivia()));
            return creation.WithInitializer(initializer.WithExpressions(SyntaxFactory.SeparatedList<ExpressionSyntax>(list)));
        }

        var created = SyntaxFactory.InitializerExpression(
            SyntaxKind.ObjectInitializerExpression,
            SyntaxFactory.SeparatedList<ExpressionSyntax>([assignment.WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(SyntaxFactory.Space)]));
        // new ChatOptions() → new ChatOptions { MaxOutputTokens = 1024 }
        var bare = creation.Initializer is null ? creation : creation.WithInitializer(null);
        return bare.WithoutTrailingTrivia().WithInitializer(created.WithLeadingTrivia(SyntaxFactory.Space)).WithTrailingTrivia(creation.GetTrailingTrivia());
    }
}
