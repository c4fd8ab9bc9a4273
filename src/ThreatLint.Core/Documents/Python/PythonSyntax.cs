namespace ThreatLint.Documents.Python;

/// <summary>An import binding: <c>import numpy as np</c> binds <c>np</c> to <c>numpy</c>.</summary>
/// <param name="BoundName">The name the statement binds (<c>np</c>, <c>AM</c>, <c>torch</c> for <c>import torch.hub</c>).</param>
/// <param name="Target">What it stands for (<c>numpy</c>, <c>transformers.AutoModel</c>); relative imports keep their dots.</param>
/// <param name="Offset">Offset of the statement's first token.</param>
public sealed record PythonImport(string BoundName, string Target, int Offset);

/// <summary>A <c>def</c> (or <c>async def</c>) and the extent of its body.</summary>
/// <param name="Name">The function's name.</param>
/// <param name="Offset">Offset of <c>def</c> (of <c>async</c>, of the first decorator is not included).</param>
/// <param name="End">Offset just after the last token of its body.</param>
/// <param name="Indent">Indentation of the <c>def</c> line.</param>
public sealed record PythonFunction(string Name, int Offset, int End, int Indent);

/// <summary>
/// A name bound by a simple assignment statement (<c>NAME = …</c>, <c>NAME: str = …</c>, <c>NAME += …</c>).
/// </summary>
/// <param name="Name">The name.</param>
/// <param name="Offset">Offset of the name.</param>
/// <param name="StringValue">The value when it is a plain string literal; null otherwise.</param>
/// <param name="AliasOf">The name when the value is another bare name (<c>MODEL = DEFAULT_MODEL</c>); null otherwise.</param>
public sealed record PythonAssignment(string Name, int Offset, string? StringValue, string? AliasOf);

/// <summary>Statement-level facts read from the tokens: imports, simple assignments and function extents.</summary>
internal static class PythonSyntax
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
        "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    };

    public static bool IsKeyword(string name) => Keywords.Contains(name);

    /// <summary>Reads the statements of the tokens <c>[first, end)</c>. Linear: each statement is read once up to its end.</summary>
    public static void ReadStatements(
        IReadOnlyList<PythonToken> tokens,
        int first,
        int end,
        List<PythonImport> imports,
        List<PythonAssignment> assignments,
        List<PythonFunction> functions)
    {
        var open = new List<(string Name, int Offset, int Indent)>();
        var previousEnd = 0;
        var i = first;
        while (i < end)
        {
            var statementEnd = i;
            while (statementEnd < end && tokens[statementEnd].Kind != PythonTokenKind.Newline && !tokens[statementEnd].Is(";"))
            {
                statementEnd++;
            }

            var start = tokens[i];
            if (start.StartsLine)
            {
                // A statement at or left of a def's indentation ends that def's body with the statement before it.
                while (open.Count > 0 && start.Indent <= open[open.Count - 1].Indent)
                {
                    var done = open[open.Count - 1];
                    open.RemoveAt(open.Count - 1);
                    functions.Add(new PythonFunction(done.Name, done.Offset, previousEnd, done.Indent));
                }
            }

            if (statementEnd > i)
            {
                var indent = start.StartsLine ? start.Indent : (open.Count > 0 ? open[open.Count - 1].Indent + 1 : 0);
                ReadStatement(tokens, i, statementEnd, imports, assignments, open, indent);
                previousEnd = tokens[statementEnd - 1].End;
            }

            i = statementEnd + 1;
        }

        for (var k = open.Count - 1; k >= 0; k--)
        {
            functions.Add(new PythonFunction(open[k].Name, open[k].Offset, previousEnd, open[k].Indent));
        }
    }

    private static void ReadStatement(
        IReadOnlyList<PythonToken> tokens,
        int i,
        int end,
        List<PythonImport> imports,
        List<PythonAssignment> assignments,
        List<(string Name, int Offset, int Indent)> open,
        int indent)
    {
        var first = tokens[i];
        if (first.Kind != PythonTokenKind.Name)
        {
            return;
        }

        switch (first.Text)
        {
            case "import":
                ReadImport(tokens, i + 1, end, null, first.Offset, imports);
                return;
            case "from":
                ReadFromImport(tokens, i + 1, end, first.Offset, imports);
                return;
            case "def":
            case "async" when i + 1 < end && tokens[i + 1].Is("def"):
                var nameAt = first.Text == "def" ? i + 1 : i + 2;
                if (nameAt < end && tokens[nameAt].Kind == PythonTokenKind.Name)
                {
                    open.Add((tokens[nameAt].Text, first.Offset, indent));
                }

                return;
        }

        if (!IsKeyword(first.Text))
        {
            ReadAssignment(tokens, i, end, assignments);
        }
    }

    /// <summary><c>import a.b, c as d</c>: <c>a</c> is bound to <c>a</c>, <c>d</c> to <c>c</c>.</summary>
    private static void ReadImport(IReadOnlyList<PythonToken> tokens, int i, int end, string? module, int offset, List<PythonImport> imports)
    {
        while (i < end)
        {
            if (tokens[i].Is("(") || tokens[i].Is(")") || tokens[i].Is(","))
            {
                i++;
                continue;
            }

            if (tokens[i].Is("*"))
            {
                i++;
                continue;
            }

            var (name, next) = DottedName(tokens, i, end);
            if (name is null)
            {
                return;
            }

            i = next;
            string bound;
            if (i + 1 < end && tokens[i].Is("as") && tokens[i + 1].Kind == PythonTokenKind.Name)
            {
                bound = tokens[i + 1].Text;
                i += 2;
            }
            else
            {
                bound = module is null ? name.Split('.')[0] : name;
            }

            var target = module is null
                ? (bound == name.Split('.')[0] ? bound : name)
                : module + (module.EndsWith(".", StringComparison.Ordinal) ? string.Empty : ".") + name;
            imports.Add(new PythonImport(bound, target, offset));
        }
    }

    /// <summary><c>from a.b import c as d, e</c> and <c>from . import x</c>.</summary>
    private static void ReadFromImport(IReadOnlyList<PythonToken> tokens, int i, int end, int offset, List<PythonImport> imports)
    {
        var module = string.Empty;
        while (i < end && (tokens[i].Is(".") || tokens[i].Is("...")))
        {
            module += tokens[i].Text;
            i++;
        }

        if (i < end && !tokens[i].Is("import"))
        {
            var (name, next) = DottedName(tokens, i, end);
            if (name is null)
            {
                return;
            }

            module += name;
            i = next;
        }

        if (i < end && tokens[i].Is("import") && module.Length > 0)
        {
            ReadImport(tokens, i + 1, end, module, offset, imports);
        }
    }

    private static (string? Name, int Next) DottedName(IReadOnlyList<PythonToken> tokens, int i, int end)
    {
        if (i >= end || tokens[i].Kind != PythonTokenKind.Name || IsKeyword(tokens[i].Text))
        {
            return (null, i);
        }

        var name = tokens[i].Text;
        i++;
        while (i + 1 < end && tokens[i].Is(".") && tokens[i + 1].Kind == PythonTokenKind.Name)
        {
            name += "." + tokens[i + 1].Text;
            i += 2;
        }

        return (name, i);
    }

    /// <summary><c>NAME = "literal"</c>, <c>NAME: str = …</c>, <c>NAME = OTHER</c>, <c>NAME += …</c>.</summary>
    private static void ReadAssignment(IReadOnlyList<PythonToken> tokens, int i, int end, List<PythonAssignment> assignments)
    {
        if (i + 1 >= end)
        {
            return;
        }

        var name = tokens[i];
        var op = tokens[i + 1];
        var valueStart = -1;
        if (op.Is("="))
        {
            valueStart = i + 2;
        }
        else if (op.Is(":"))
        {
            for (var k = i + 2; k < end; k++)
            {
                if (tokens[k].Is("="))
                {
                    valueStart = k + 1;
                    break;
                }
            }

            if (valueStart < 0)
            {
                return; // a bare annotation binds nothing
            }
        }
        else if (op.Kind == PythonTokenKind.Operator && op.Length >= 2 && op.Text[op.Length - 1] == '=' && op.Text is not ("==" or "!=" or "<=" or ">="))
        {
            assignments.Add(new PythonAssignment(name.Text, name.Offset, null, null));
            return;
        }
        else
        {
            return;
        }

        string? value = null;
        string? alias = null;
        if (valueStart < end && Enumerable.Range(valueStart, end - valueStart).All(k => tokens[k].Kind == PythonTokenKind.String && !tokens[k].IsInterpolated))
        {
            value = string.Concat(Enumerable.Range(valueStart, end - valueStart).Select(k => tokens[k].StringValue));
        }
        else if (end - valueStart == 1 && tokens[valueStart].Kind == PythonTokenKind.Name && !IsKeyword(tokens[valueStart].Text))
        {
            alias = tokens[valueStart].Text;
        }

        assignments.Add(new PythonAssignment(name.Text, name.Offset, value, alias));
    }
}
