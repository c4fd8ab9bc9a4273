using ThreatLint.Documents.Dockerfile;
using ThreatLint.Documents.Shell;
using ThreatLint.Findings;

namespace ThreatLint.Core.Tests.Shell;

/// <summary>The shell scripts of RUN, CMD and ENTRYPOINT, and the way from script offsets back to the file.</summary>
public class RunScriptsTests
{
    private static (RunScript Script, ShellCommand Command) Find(IEnumerable<RunScript> scripts, string name) =>
        scripts.SelectMany(s => s.Script.Commands.Select(c => (s, c))).First(p => p.c.Name == name);

    private static SourceSpan SpanOfWord(IEnumerable<RunScript> scripts, string name, string text)
    {
        var (script, command) = Find(scripts, name);
        return script.SpanOf(command.Words.First(w => w.Text == text));
    }

    [Test]
    public void Shell_form_offsets_map_through_continuations_and_comment_lines()
    {
        var document = DockerfileDocument.Parse("""
            FROM python:3.12-slim
            RUN --mount=type=cache,target=/root/.cache \
                curl -fsSL \
                # the installer
                  https://example.com/install.sh \
                | sh
            """);

        var scripts = document.RunScriptsOf().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(scripts.Single().Source, Is.EqualTo(RunScriptSource.ShellForm));
            Assert.That(SpanOfWord(scripts, "curl", "curl"), Is.EqualTo(new SourceSpan(3, 5, 3, 9)));
            Assert.That(SpanOfWord(scripts, "curl", "https://example.com/install.sh"), Is.EqualTo(new SourceSpan(5, 7, 5, 37)));
            Assert.That(SpanOfWord(scripts, "sh", "sh"), Is.EqualTo(new SourceSpan(6, 7, 6, 9)));
            Assert.That(scripts[0].SpanOf(Find(scripts, "curl").Command), Is.EqualTo(new SourceSpan(3, 5, 5, 37)));
        });
    }

    [Test]
    public void A_RUN_that_is_only_a_heredoc_runs_its_body_as_the_script()
    {
        var document = DockerfileDocument.Parse("FROM x\nRUN <<EOF\nset -eux\n  curl -fsSL https://example.com/i | bash\nEOF\n");

        var scripts = document.RunScriptsOf().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(scripts.Select(s => s.Source), Is.EqualTo(new[] { RunScriptSource.ShellForm, RunScriptSource.Heredoc }));
            Assert.That(scripts[1].Heredoc!.Delimiter, Is.EqualTo("EOF"));
            Assert.That(SpanOfWord(scripts, "curl", "curl"), Is.EqualTo(new SourceSpan(4, 3, 4, 7)));
            Assert.That(SpanOfWord(scripts, "bash", "bash"), Is.EqualTo(new SourceSpan(4, 38, 4, 42)));
        });
    }

    [Test]
    public void Tab_stripped_heredocs_fed_to_a_shell_keep_their_columns()
    {
        var document = DockerfileDocument.Parse("FROM x\nRUN <<-SETUP bash -e\n\tset -eux\n\t\tcurl https://example.com/i | sh\n\tSETUP\n");

        var scripts = document.RunScriptsOf().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(scripts.Select(s => s.Source), Is.EqualTo(new[] { RunScriptSource.ShellForm, RunScriptSource.Heredoc }));
            Assert.That(SpanOfWord(scripts, "curl", "curl"), Is.EqualTo(new SourceSpan(4, 3, 4, 7)));
        });
    }

    [TestCase("RUN bash <<EOF", true)]
    [TestCase("RUN sudo sh -s -- --yes <<EOF", true)]
    [TestCase("RUN <<EOF sh", true)]
    [TestCase("RUN cat <<EOF > /tmp/install.sh", false)]
    [TestCase("RUN python3 <<EOF", false)]
    [TestCase("RUN bash -c 'cat' <<EOF", false)]
    [TestCase("RUN bash install.sh <<EOF", false)]
    public void A_heredoc_is_a_script_only_when_a_shell_reads_it(string run, bool isScript)
    {
        var document = DockerfileDocument.Parse("FROM x\n" + run + "\ncurl https://example.com/i | sh\nEOF\n");
        Assert.That(document.RunScriptsOf().Any(s => s.Source == RunScriptSource.Heredoc), Is.EqualTo(isScript));
    }

    [TestCase("#!/usr/bin/env python3", false)]
    [TestCase("#!/bin/bash -e", true)]
    [TestCase("#!/usr/bin/env sh", true)]
    [TestCase("set -e", true)]
    public void A_shebang_chooses_the_interpreter_of_a_heredoc_only_RUN(string firstLine, bool isScript)
    {
        var document = DockerfileDocument.Parse("FROM x\nRUN <<EOF\n" + firstLine + "\ncurl https://example.com/i | sh\nEOF\n");
        Assert.That(document.RunScriptsOf().Any(s => s.Source == RunScriptSource.Heredoc), Is.EqualTo(isScript));
    }

    [Test]
    public void Exec_form_is_one_command_and_its_shell_string_is_a_script()
    {
        var document = DockerfileDocument.Parse("""
            FROM x
            RUN ["/bin/bash", "-lc", "curl -fsSL https://example.com/i | sh"]
            RUN ["sh", "-c", "echo \"hi\" && wget -qO- https://example.com/j | sh"]
            CMD ["python3", "-m", "http.server"]
            """);

        var scripts = document.RunScriptsOf().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(scripts.Select(s => s.Source), Is.EqualTo(new[] { RunScriptSource.ExecForm, RunScriptSource.ExecForm }));
            Assert.That(scripts[0].Script.Commands.Select(c => c.Name), Is.EqualTo(new[] { "bash", "curl", "sh" }));
            Assert.That(SpanOfWord(scripts, "curl", "https://example.com/i"), Is.EqualTo(new SourceSpan(2, 38, 2, 59)));
            Assert.That(SpanOfWord(scripts, "bash", "-lc"), Is.EqualTo(new SourceSpan(2, 19, 2, 24)), "a word's span includes its quotes");

            // A JSON escape in the string: positions fall back to the whole string.
            Assert.That(SpanOfWord(scripts, "wget", "wget"), Is.EqualTo(new SourceSpan(3, 18, 3, 71)));
            Assert.That(document.CommandScriptsOf().Single().Script.Commands.Single().Arguments.Select(w => w.Text), Is.EqualTo(new[] { "-m", "http.server" }));
        });
    }

    [Test]
    public void CMD_and_ENTRYPOINT_shell_forms_are_separate_from_RUN()
    {
        var document = DockerfileDocument.Parse("FROM x\nRUN echo build\nENTRYPOINT curl -k https://example.com/start | sh\nCMD serve --port 80\n");

        Assert.Multiple(() =>
        {
            Assert.That(document.RunScriptsOf().SelectMany(s => s.Script.Commands).Select(c => c.Name), Is.EqualTo(new[] { "echo" }));
            Assert.That(document.CommandScriptsOf().SelectMany(s => s.Script.Commands).Select(c => c.Name), Is.EqualTo(new[] { "curl", "sh", "serve" }));
            Assert.That(SpanOfWord(document.CommandScriptsOf(), "curl", "-k"), Is.EqualTo(new SourceSpan(3, 17, 3, 19)));
        });
    }

    [Test]
    public void Backtick_escape_files_join_lines_with_backticks()
    {
        var document = DockerfileDocument.Parse("# escape=`\nFROM x\nRUN curl.exe -k -o C:\\tmp\\x.zip https://example.com/x.zip ; `\n    Expand-Archive C:\\tmp\\x.zip\n");

        var scripts = document.RunScriptsOf().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(scripts.Single().Script.Commands.Select(c => c.Name), Is.EqualTo(new[] { "curl", "Expand-Archive" }));
            Assert.That(SpanOfWord(scripts, "curl", "-k"), Is.EqualTo(new SourceSpan(3, 14, 3, 16)));
            Assert.That(SpanOfWord(scripts, "Expand-Archive", "Expand-Archive"), Is.EqualTo(new SourceSpan(4, 5, 4, 19)));
        });
    }

    [Test]
    public void The_command_a_heredoc_feeds_is_found_by_its_marker()
    {
        var run = DockerfileDocument.Parse("FROM x\nRUN cat <<A > /a && python3 - <<B\na\nA\nprint(1)\nB\n").Instructions[1];

        Assert.Multiple(() =>
        {
            Assert.That(run.Heredocs.Select(h => run.CommandFedBy(h)!.Name), Is.EqualTo(new[] { "cat", "python3" }));
            Assert.That(DockerfileDocument.Parse("FROM x\nRUN <<EOF\necho\nEOF\n").Instructions[1] is var only && only.CommandFedBy(only.Heredocs[0])!.Words.Count == 0, Is.True);
            Assert.That(DockerfileDocument.Parse("FROM x\nCOPY <<EOF /a\nx\nEOF\n").Instructions[1] is var copy && copy.CommandFedBy(copy.Heredocs[0]) is null, Is.True);
        });
    }

    [Test]
    public void Scripts_are_parsed_once_per_instruction()
    {
        var run = DockerfileDocument.Parse("FROM x\nRUN echo hi\n").Instructions[1];
        var first = run.ScriptsOf();
        Assert.That(run.ScriptsOf()[0].Script, Is.SameAs(first[0].Script));
    }

    [Test]
    public void Other_instructions_have_no_scripts()
    {
        Assert.That(DockerfileDocument.Parse("FROM x\nLABEL a=b\n").Instructions[1].ScriptsOf(), Is.Empty);
    }
}
