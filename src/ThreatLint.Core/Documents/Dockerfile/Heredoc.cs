namespace ThreatLint.Documents.Dockerfile;

/// <summary>
/// A here-document of RUN, COPY or ADD (<c>RUN &lt;&lt;EOF</c> … <c>EOF</c>): a script or file content that
/// follows the instruction line in the file.
/// </summary>
public sealed class Heredoc
{
    internal Heredoc(string delimiter, bool stripsLeadingTabs, bool isQuoted, int? fileDescriptor, int markerOffset, IReadOnlyList<HeredocLine> lines, bool isTerminated, int endLine)
    {
        Delimiter = delimiter;
        StripsLeadingTabs = stripsLeadingTabs;
        IsQuoted = isQuoted;
        FileDescriptor = fileDescriptor;
        MarkerOffset = markerOffset;
        Lines = lines;
        IsTerminated = isTerminated;
        EndLine = endLine;
    }

    /// <summary>The word that ends the body (<c>EOF</c>), quotes removed.</summary>
    public string Delimiter { get; }

    /// <summary>True for <c>&lt;&lt;-EOF</c>: leading tabs are stripped from the body and the delimiter line.</summary>
    public bool StripsLeadingTabs { get; }

    /// <summary>True for <c>&lt;&lt;"EOF"</c> or <c>&lt;&lt;'EOF'</c>: the body is not subject to variable expansion.</summary>
    public bool IsQuoted { get; }

    /// <summary>The file descriptor of <c>3&lt;&lt;EOF</c>, or null.</summary>
    public int? FileDescriptor { get; }

    /// <summary>Offset of the <c>&lt;&lt;</c> marker in <see cref="DockerInstruction.Text"/>.</summary>
    public int MarkerOffset { get; }

    /// <summary>The body, line by line, with file positions.</summary>
    public IReadOnlyList<HeredocLine> Lines { get; }

    /// <summary>False when the file ended before the delimiter (Docker rejects such a file; the body is then the rest of it).</summary>
    public bool IsTerminated { get; }

    /// <summary>The delimiter's line, or the last line of the body when it is not terminated.</summary>
    public int EndLine { get; }

    /// <summary>The body as the script or file sees it: every line followed by a line feed.</summary>
    public string Content
    {
        get
        {
            var builder = new System.Text.StringBuilder();
            foreach (var line in Lines)
            {
                builder.Append(line.Text).Append('\n');
            }

            return builder.ToString();
        }
    }

    public override string ToString() => "<<" + Delimiter;
}
