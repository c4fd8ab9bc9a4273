using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace ThreatLint.CodeFixes;

/// <summary>The registration every ThreatLint fix makes: one action that swaps the document's syntax root.</summary>
internal static class Fix
{
    /// <param name="context">The fix context.</param>
    /// <param name="diagnostic">The diagnostic fixed.</param>
    /// <param name="title">What the light bulb shows.</param>
    /// <param name="equivalenceKey">The provider's name: Fix All groups the actions by it.</param>
    /// <param name="edit">The new root, computed only when the action is applied or previewed.</param>
    public static void Register(CodeFixContext context, Diagnostic diagnostic, string title, string equivalenceKey, Func<SyntaxNode> edit) =>
        context.RegisterCodeFix(
            CodeAction.Create(title, _ => Task.FromResult(context.Document.WithSyntaxRoot(edit())), equivalenceKey),
            diagnostic);
}
