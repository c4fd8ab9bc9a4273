using ThreatLint.Documents.Dockerfile;

namespace ThreatLint.Core.Tests.Dockerfile;

public class HeredocTests
{
    [Test]
    public void A_RUN_heredoc_body_is_script_text_with_lines_not_instructions()
    {
        var document = DockerfileDocument.Parse("""
            FROM python:3.12-slim
            RUN <<EOF
            set -eux
            FROM looks like an instruction but is not
            EOF
            USER app
            """);

        var run = document.Instructions[1];
        var heredoc = run.Heredocs.Single();
        Assert.Multiple(() =>
        {
            Assert.That(document.Instructions.Select(i => i.Keyword), Is.EqualTo(new[] { "FROM", "RUN", "USER" }));
            Assert.That(document.Stages, Has.Count.EqualTo(1));
            Assert.That((heredoc.Delimiter, heredoc.IsQuoted, heredoc.StripsLeadingTabs, heredoc.IsTerminated), Is.EqualTo(("EOF", false, false, true)));
            Assert.That(heredoc.Lines, Is.EqualTo(new[] { new HeredocLine(3, 1, "set -eux"), new HeredocLine(4, 1, "FROM looks like an instruction but is not") }));
            Assert.That(heredoc.Content, Is.EqualTo("set -eux\nFROM looks like an instruction but is not\n"));
            Assert.That((run.Line, run.EndLine, heredoc.EndLine), Is.EqualTo((2, 5, 5)));
            Assert.That(run.Text, Is.EqualTo("RUN <<EOF"));
            Assert.That(heredoc.MarkerOffset, Is.EqualTo(4));
            Assert.That(document.Instructions[2].Line, Is.EqualTo(6));
        });
    }

    [Test]
    public void Dash_heredocs_strip_leading_tabs_from_body_and_delimiter()
    {
        var document = DockerfileDocument.Parse("FROM x\nRUN <<-EOT bash\n\t\techo one\n\tEOT\nUSER app\n");
        var heredoc = document.Instructions[1].Heredocs.Single();
        Assert.Multiple(() =>
        {
            Assert.That(heredoc.StripsLeadingTabs, Is.True);
            Assert.That(heredoc.Lines, Is.EqualTo(new[] { new HeredocLine(3, 3, "echo one") }));
            Assert.That(document.Instructions[2].Keyword, Is.EqualTo("USER"));
        });
    }

    [TestCase("<<'EOF'")]
    [TestCase("<<\"EOF\"")]
    public void Quoted_delimiters_are_recognised(string marker)
    {
        var heredoc = DockerfileDocument.Parse("FROM x\nRUN " + marker + "\necho $HOME\nEOF\n").Instructions[1].Heredocs.Single();
        Assert.That((heredoc.Delimiter, heredoc.IsQuoted), Is.EqualTo(("EOF", true)));
    }

    [Test]
    public void Several_heredocs_on_one_line_are_read_in_order()
    {
        var document = DockerfileDocument.Parse("""
            FROM x
            RUN <<FILE1 cat > /file1 && <<FILE2 cat > /file2
            I am
            first
            FILE1
            I am second
            FILE2
            USER app
            """);

        var heredocs = document.Instructions[1].Heredocs;
        Assert.Multiple(() =>
        {
            Assert.That(heredocs.Select(h => h.Delimiter), Is.EqualTo(new[] { "FILE1", "FILE2" }));
            Assert.That(heredocs[0].Content, Is.EqualTo("I am\nfirst\n"));
            Assert.That(heredocs[1].Lines.Single(), Is.EqualTo(new HeredocLine(6, 1, "I am second")));
            Assert.That(document.Instructions[1].EndLine, Is.EqualTo(7));
            Assert.That(document.Instructions[2].Line, Is.EqualTo(8));
        });
    }

    [Test]
    public void COPY_heredocs_are_file_content_and_the_destination_is_a_word()
    {
        var copy = DockerfileDocument.Parse("FROM x\nCOPY --chmod=0644 <<EOF /etc/app.conf\nport=8080\nEOF\n").Instructions[1];
        Assert.Multiple(() =>
        {
            Assert.That(copy.Heredocs.Single().Content, Is.EqualTo("port=8080\n"));
            Assert.That(copy.Words.Select(w => w.Text), Is.EqualTo(new[] { "<<EOF", "/etc/app.conf" }));
            Assert.That(copy.FindFlag("chmod")!.Value, Is.EqualTo("0644"));
        });
    }

    [Test]
    public void A_file_descriptor_prefix_is_kept()
    {
        var heredoc = DockerfileDocument.Parse("FROM x\nRUN python3 3<<EOF\nprint(1)\nEOF\n").Instructions[1].Heredocs.Single();
        Assert.That(heredoc.FileDescriptor, Is.EqualTo(3));
    }

    [TestCase("RUN cat<<EOF")]
    [TestCase("RUN cat << EOF")]
    [TestCase("RUN [\"cat\", \"<<EOF\"]")]
    [TestCase("RUN echo \"<<EOF\"")]
    [TestCase("CMD <<EOF")]
    public void Not_a_heredoc(string line)
    {
        var document = DockerfileDocument.Parse("FROM x\n" + line + "\nUSER app\nEOF\n");
        Assert.Multiple(() =>
        {
            Assert.That(document.Instructions[1].Heredocs, Is.Empty);
            Assert.That(document.Instructions[2].Keyword, Is.EqualTo("USER"));
        });
    }

    [Test]
    public void An_unterminated_heredoc_takes_the_rest_of_the_file_and_is_a_diagnostic()
    {
        var document = DockerfileDocument.Parse("FROM x\nRUN <<EOF\necho one\nUSER app\n");
        var heredoc = document.Instructions[1].Heredocs.Single();
        Assert.Multiple(() =>
        {
            Assert.That(heredoc.IsTerminated, Is.False);
            Assert.That(heredoc.Lines.Select(l => l.Text), Is.EqualTo(new[] { "echo one", "USER app" }));
            Assert.That(document.Instructions, Has.Count.EqualTo(2));
            Assert.That(document.Diagnostics.Single().Message, Does.Contain("not terminated"));
        });
    }
}
