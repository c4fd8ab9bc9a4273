using ThreatLint.Documents.Dockerfile;

namespace ThreatLint.Core.Tests.Dockerfile;

/// <summary>Lines, directives, comments, continuations and positions.</summary>
public class DockerfileParserTests
{
    [Test]
    public void The_escape_directive_makes_the_backtick_continue_lines_and_backslashes_literal()
    {
        var document = DockerfileDocument.Parse("""
            # escape=`
            FROM mcr.microsoft.com/windows/servercore:ltsc2022
            RUN New-Item -ItemType Directory C:\models\ ; `
                Copy-Item C:\staging\* C:\models\
            """);

        Assert.That(document.EscapeCharacter, Is.EqualTo('`'));
        Assert.That(document.Directives, Is.EqualTo(new[] { new ParserDirective("escape", "`", 1) }));
        var run = document.Instructions[1];
        Assert.Multiple(() =>
        {
            Assert.That(document.Instructions, Has.Count.EqualTo(2));
            Assert.That((run.Line, run.EndLine), Is.EqualTo((3, 4)));
            Assert.That(run.Text, Is.EqualTo(@"RUN New-Item -ItemType Directory C:\models\ ;     Copy-Item C:\staging\* C:\models\"));
        });
    }

    [Test]
    public void A_backslash_ending_a_line_continues_it_by_default()
    {
        var document = DockerfileDocument.Parse("FROM x\nRUN C:\\models\\\n  echo done\n");
        Assert.That(document.Instructions[1].Text, Is.EqualTo("RUN C:\\models  echo done"));
    }

    [TestCase("# a comment\n# escape=`\nFROM x\n")]
    [TestCase("\n# escape=`\nFROM x\n")]
    [TestCase("FROM x\n# escape=`\n")]
    [TestCase("# unknown=directive\n# escape=`\nFROM x\n")]
    public void Directives_count_only_at_the_very_top(string text)
    {
        var document = DockerfileDocument.Parse(text);
        Assert.Multiple(() =>
        {
            Assert.That(document.EscapeCharacter, Is.EqualTo('\\'));
            Assert.That(document.Directives.Select(d => d.Name), Has.No.Member("escape"));
            Assert.That(document.Comments.Select(c => c.Text), Does.Contain("escape=`"));
        });
    }

    [Test]
    public void Directives_allow_white_space_and_any_case()
    {
        var document = DockerfileDocument.Parse("#  SYNTAX = docker/dockerfile:1.7\n#escape=`\nFROM x\n");
        Assert.That(document.Directives, Is.EqualTo(new[]
        {
            new ParserDirective("syntax", "docker/dockerfile:1.7", 1),
            new ParserDirective("escape", "`", 2),
        }));
    }

    [Test]
    public void A_repeated_or_invalid_directive_is_a_diagnostic()
    {
        Assert.Multiple(() =>
        {
            Assert.That(DockerfileDocument.Parse("# escape=`\n# escape=\\\nFROM x\n").Diagnostics.Select(d => d.Line), Is.EqualTo(new[] { 2 }));
            var invalid = DockerfileDocument.Parse("# escape=^\nFROM x\n");
            Assert.That(invalid.EscapeCharacter, Is.EqualTo('\\'));
            Assert.That(invalid.Diagnostics, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public void Comment_and_blank_lines_inside_a_continued_instruction_are_skipped_and_positions_still_map()
    {
        var document = DockerfileDocument.Parse("""
            FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04
            RUN apt-get update \
                # the CUDA toolkit bits we need
                && apt-get install -y cuda-nvcc-12-4 \

                && rm -rf /var/lib/apt/lists/*
            USER 10001
            """);

        var run = document.Instructions[1];
        var offset = run.Text.IndexOf("rm -rf", StringComparison.Ordinal);
        Assert.Multiple(() =>
        {
            Assert.That(document.Instructions.Select(i => i.Keyword), Is.EqualTo(new[] { "FROM", "RUN", "USER" }));
            Assert.That(run.Text, Is.EqualTo("RUN apt-get update     && apt-get install -y cuda-nvcc-12-4     && rm -rf /var/lib/apt/lists/*"));
            Assert.That((run.Line, run.Column, run.EndLine), Is.EqualTo((2, 1, 6)));
            Assert.That(run.PositionOf(offset), Is.EqualTo(new LinePosition(6, 8)));
            Assert.That(run.PositionOf(run.Text.IndexOf("apt-get install", StringComparison.Ordinal)), Is.EqualTo(new LinePosition(4, 8)));
            Assert.That(run.SpanOf(offset, "rm -rf".Length), Is.EqualTo(new Findings.SourceSpan(6, 8, 6, 14)));
            Assert.That(run.Span, Is.EqualTo(new Findings.SourceSpan(2, 1, 6, 35)));
            Assert.That(document.Comments, Is.EqualTo(new[] { new DockerfileComment(3, 5, "the CUDA toolkit bits we need") }));
            Assert.That(document.Instructions[2].Line, Is.EqualTo(7));
        });
    }

    [Test]
    public void Indented_instructions_know_their_column()
    {
        var user = DockerfileDocument.Parse("FROM x\n\t  USER app\n").Instructions[1];
        Assert.That((user.Line, user.Column), Is.EqualTo((2, 4)));
    }

    [Test]
    public void A_keyword_alone_on_a_continued_line_is_found_on_the_next_line()
    {
        var document = DockerfileDocument.Parse("FROM x\n\\\n  USER app\n");
        var user = document.Instructions[1];
        Assert.That((user.Keyword, user.Line, user.Column), Is.EqualTo(("USER", 3, 3)));
    }

    [Test]
    public void Crlf_line_endings_and_a_byte_order_mark_are_handled()
    {
        var document = DockerfileDocument.Parse("\uFEFF# syntax=docker/dockerfile:1\r\nFROM python:3.12 \\\r\n  AS build\r\nUSER app\r\n");
        Assert.Multiple(() =>
        {
            Assert.That(document.Directives, Has.Count.EqualTo(1));
            Assert.That(document.Stages[0].Name, Is.EqualTo("build"));
            Assert.That(document.Instructions[1].Text, Is.EqualTo("USER app"));
            Assert.That(document.LineCount, Is.EqualTo(4));
        });
    }

    [Test]
    public void A_trailing_continuation_at_the_end_of_the_file_ends_the_instruction()
    {
        var document = DockerfileDocument.Parse("FROM x\nRUN echo \\");
        Assert.That(document.Instructions[1].Text, Is.EqualTo("RUN echo "));
        Assert.That(document.Instructions[1].EndLine, Is.EqualTo(2));
    }

    [Test]
    public void Unknown_instructions_and_instructions_before_FROM_are_diagnostics()
    {
        var document = DockerfileDocument.Parse("RUN echo hi\nFROM x\nFETCH model\n");
        Assert.That(document.Diagnostics.Select(d => d.Line), Is.EqualTo(new[] { 1, 3 }));
        Assert.That(document.Instructions, Has.Count.EqualTo(3));
    }
}
