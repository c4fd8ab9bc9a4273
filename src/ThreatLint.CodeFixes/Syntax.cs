using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ThreatLint.CodeFixes;

/// <summary>Small syntax edits the fixes share.</summary>
internal static class Syntax
{
    /// <summary>Adds <c>using <paramref name="ns"/>;</c> when the file has no such directive.</summary>
    public static SyntaxNode AddUsing(SyntaxNode root, string ns)
    {
        if (root is not CompilationUnitSyntax unit || unit.Usings.Any(u => u.Name?.ToString() == ns))
        {
            return root;
        }

        return unit.AddUsings(SyntaxFactory.ParseCompilationUnit($"using {ns};\n").Usings[0]);
    }

    /// <summary>The Map*/endpoint call whose method name the diagnostic marks, or the action method whose identifier it marks.</summary>
    public static SyntaxNode? Endpoint(SyntaxNode root, Microsoft.CodeAnalysis.Text.TextSpan span)
    {
        var token = root.FindToken(span.Start);
        return token.Parent switch
        {
            MethodDeclarationSyntax method when method.Identifier == token => method,
            SimpleNameSyntax { Parent: MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax invocation } member } name when member.Name == name => invocation,
            _ => null,
        };
    }

    /// <summary><c>call.Method(arguments)</c> chained after the endpoint call, with a TODO comment on its statement when one is given.</summary>
    public static SyntaxNode ChainConvention(SyntaxNode root, InvocationExpressionSyntax map, string method, string? argument, string? todo)
    {
        var arguments = argument is null
            ? SyntaxFactory.ArgumentList()
            : SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(
                SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(argument)))));
        var chained = SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, map.WithoutTrailingTrivia(), SyntaxFactory.IdentifierName(method)),
            arguments).WithTrailingTrivia(map.GetTrailingTrivia());
        var statement = map.FirstAncestorOrSelf<StatementSyntax>();
        if (todo is null || statement is null)
        {
            return root.ReplaceNode(map, chained);
        }

        var edited = statement.ReplaceNode(map, chained);
        var indentation = statement.GetLeadingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia));
        edited = edited.WithLeadingTrivia(statement.GetLeadingTrivia()
            .Add(SyntaxFactory.Comment("// TODO: " + todo))
            .Add(SyntaxFactory.EndOfLine("\n"))
            .AddRange(indentation == default ? [] : [indentation]));
        return root.ReplaceNode(statement, edited);
    }

    /// <summary><c>[Attribute("argument")]</c> on the action method.</summary>
    public static SyntaxNode AddAttribute(SyntaxNode root, MethodDeclarationSyntax method, string attribute, string? argument)
    {
        var arguments = argument is null
            ? null
            : SyntaxFactory.AttributeArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.AttributeArgument(
                SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(argument)))));
        var list = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Attribute(SyntaxFactory.IdentifierName(attribute), arguments)));
        var indentation = method.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).Reverse().Take(1).ToArray();
        MethodDeclarationSyntax updated;
        if (method.AttributeLists.Count == 0 && method.Modifiers.Count > 0)
        {
            // The method's leading trivia (blank line, comments, indentation) moves to the new attribute.
            var first = method.Modifiers[0];
            updated = method
                .WithModifiers(method.Modifiers.Replace(first, first.WithLeadingTrivia(indentation)))
                .WithAttributeLists(SyntaxFactory.SingletonList(list.WithLeadingTrivia(first.LeadingTrivia).WithTrailingTrivia(SyntaxFactory.EndOfLine("\n"))));
        }
        else
        {
            updated = method.WithAttributeLists(method.AttributeLists.Add(list.WithLeadingTrivia(indentation).WithTrailingTrivia(SyntaxFactory.EndOfLine("\n"))));
        }

        return root.ReplaceNode(method, updated);
    }
}
