using ThreatLint.Documents.Yaml;

namespace ThreatLint.Documents.Pipelines;

/// <summary>
/// A GitHub Actions workflow (<c>.github/workflows/*.yml</c>) or composite action (<c>action.yml</c>): its triggers,
/// permissions, environment, jobs and steps, each with the YAML node it comes from. A composite action is one job
/// (<c>runs</c>) whose steps are the action's.
/// </summary>
public sealed class GitHubWorkflow
{
    private GitHubWorkflow(YamlMapping root, bool isAction, IReadOnlyList<GitHubTrigger> triggers, YamlEntry? permissions, IReadOnlyList<YamlEntry> env, IReadOnlyList<GitHubJob> jobs)
    {
        Root = root;
        IsAction = isAction;
        Triggers = triggers;
        Permissions = permissions;
        Env = env;
        Jobs = jobs;
    }

    public YamlMapping Root { get; }

    /// <summary>True for a composite action (<c>action.yml</c> with <c>runs.using: composite</c>).</summary>
    public bool IsAction { get; }

    /// <summary>The events of <c>on:</c> (a name, a list of names or a mapping).</summary>
    public IReadOnlyList<GitHubTrigger> Triggers { get; }

    /// <summary>The workflow-level <c>permissions:</c> entry, or null.</summary>
    public YamlEntry? Permissions { get; }

    /// <summary>The workflow-level <c>env:</c> entries.</summary>
    public IReadOnlyList<YamlEntry> Env { get; }

    public IReadOnlyList<GitHubJob> Jobs { get; }

    public IEnumerable<GitHubStep> Steps => Jobs.SelectMany(j => j.Steps);

    public bool HasTrigger(string name) => Triggers.Any(t => t.Name == name);

    /// <summary>The first trigger among <paramref name="names"/>, or null.</summary>
    public GitHubTrigger? Trigger(params string[] names) => Triggers.FirstOrDefault(t => names.Contains(t.Name));

    /// <summary>The workflow of a file, or null when the file is not one (no <c>jobs</c> mapping, no composite <c>runs</c>).</summary>
    public static GitHubWorkflow? From(YamlFile file)
    {
        if (file.Roots.FirstOrDefault() is not YamlMapping root)
        {
            return null;
        }

        if (root["runs"] is YamlMapping runs)
        {
            // action.yml: only composite actions hold steps; docker and node actions name an image or a script.
            var steps = runs["steps"] as YamlSequence;
            var job = new GitHubJob("runs", root.GetEntry("runs")!, runs, StepsOf(steps), []);
            return new GitHubWorkflow(root, isAction: true, [], null, [], [job]);
        }

        if (root["jobs"] is not YamlMapping jobsNode)
        {
            return null;
        }

        var env = root["env"]?.Entries ?? [];
        var jobs = new List<GitHubJob>();
        foreach (var entry in jobsNode.Entries)
        {
            if (entry.KeyText is { } id && entry.Value is YamlMapping jobNode)
            {
                jobs.Add(new GitHubJob(id, entry, jobNode, StepsOf(jobNode["steps"] as YamlSequence), env));
            }
        }

        return new GitHubWorkflow(root, isAction: false, TriggersOf(root.GetEntry("on") ?? root.GetEntry("true")), root.GetEntry("permissions"), env, jobs);
    }

    private static List<GitHubStep> StepsOf(YamlSequence? steps)
    {
        var list = new List<GitHubStep>();
        if (steps is null)
        {
            return list;
        }

        foreach (var item in steps.Items)
        {
            if (item is YamlMapping step)
            {
                list.Add(new GitHubStep(list.Count, step));
            }
        }

        return list;
    }

    private static List<GitHubTrigger> TriggersOf(YamlEntry? on)
    {
        var triggers = new List<GitHubTrigger>();
        switch (on?.Value)
        {
            case YamlScalar { Text: { } name } scalar:
                triggers.Add(new GitHubTrigger(name, scalar, null));
                break;
            case YamlSequence sequence:
                triggers.AddRange(sequence.Items.OfType<YamlScalar>().Where(s => s.Text is not null).Select(s => new GitHubTrigger(s.Text!, s, null)));
                break;
            case YamlMapping mapping:
                triggers.AddRange(mapping.Entries.Where(e => e.KeyText is not null).Select(e => new GitHubTrigger(e.KeyText!, e.Key, e.Value as YamlMapping)));
                break;
        }

        return triggers;
    }
}

/// <summary>An event of <c>on:</c>, with its filters (<c>types</c>, <c>branches</c>, <c>workflows</c>) when given.</summary>
public sealed record GitHubTrigger(string Name, YamlNode Node, YamlMapping? Settings);

/// <summary>A job: its steps, or the reusable workflow it calls (<c>uses:</c>).</summary>
public sealed class GitHubJob
{
    internal GitHubJob(string id, YamlEntry entry, YamlMapping node, IReadOnlyList<GitHubStep> steps, IReadOnlyList<YamlEntry> workflowEnv)
    {
        Id = id;
        Entry = entry;
        Node = node;
        Steps = steps;
        foreach (var step in steps)
        {
            step.Job = this;
        }

        Env = [.. workflowEnv, .. node["env"]?.Entries ?? []];
    }

    public string Id { get; }

    /// <summary>The job's entry under <c>jobs:</c> (its key is where job-level findings point).</summary>
    public YamlEntry Entry { get; }

    public YamlMapping Node { get; }

    public IReadOnlyList<GitHubStep> Steps { get; }

    /// <summary>The environment in scope for the job's steps: the workflow's, then the job's (later wins).</summary>
    public IReadOnlyList<YamlEntry> Env { get; }

    public YamlEntry? Permissions => Node.GetEntry("permissions");

    public YamlNode? RunsOn => Node["runs-on"];

    /// <summary>The job's <c>if:</c> condition text, or null.</summary>
    public string? If => Node["if"]?.Text;

    /// <summary>The deployment environment (<c>environment: name</c> or <c>environment: {name: …}</c>), or null.</summary>
    public string? Environment => Node["environment"] is { } e ? e.Text ?? e["name"]?.Text : null;

    /// <summary>The reusable workflow a job calls (<c>uses: org/repo/.github/workflows/x.yml@ref</c>), or null.</summary>
    public YamlScalar? Uses => Node["uses"] as YamlScalar;

    /// <summary>The images the job runs in: <c>container</c> (a string or <c>{image: …}</c>) and its <c>services</c>.</summary>
    public IEnumerable<YamlScalar> Images
    {
        get
        {
            if ((Node["container"] is YamlScalar c ? c : Node["container"]?["image"] as YamlScalar) is { Text: not null } container)
            {
                yield return container;
            }

            foreach (var service in Node["services"]?.Entries ?? [])
            {
                if ((service.Value is YamlScalar s ? s : service.Value["image"] as YamlScalar) is { Text: not null } image)
                {
                    yield return image;
                }
            }
        }
    }

    /// <summary>The labels of <c>runs-on</c> (a label, a list, or <c>{group, labels}</c>).</summary>
    public IReadOnlyList<YamlScalar> RunnerLabels
    {
        get
        {
            var labels = new List<YamlScalar>();
            void Add(YamlNode? node)
            {
                if (node is YamlScalar { Text: not null } scalar)
                {
                    labels.Add(scalar);
                }

                labels.AddRange(node?.Items.OfType<YamlScalar>().Where(i => i.Text is not null) ?? []);
            }

            if (RunsOn is YamlMapping map)
            {
                Add(map["group"]);
                Add(map["labels"]);
            }
            else
            {
                Add(RunsOn);
            }

            return labels;
        }
    }
}

/// <summary>A step: <c>uses:</c> an action with <c>with:</c> inputs, or <c>run:</c> a script.</summary>
public sealed class GitHubStep
{
    internal GitHubStep(int index, YamlMapping node)
    {
        Index = index;
        Node = node;
    }

    /// <summary>0-based position among the job's steps.</summary>
    public int Index { get; }

    public YamlMapping Node { get; }

    public GitHubJob Job { get; internal set; } = null!;

    public YamlScalar? Uses => Node["uses"] as YamlScalar;

    /// <summary>The action's name without its ref (<c>actions/checkout</c>), lower case, or null.</summary>
    public string? Action => Uses?.Text is { } uses ? (uses.IndexOf('@') is var at and >= 0 ? uses.Substring(0, at) : uses).ToLowerInvariant() : null;

    public YamlScalar? Run => Node["run"] as YamlScalar;

    public YamlNode? With => Node["with"];

    /// <summary>The <c>with:</c> input <paramref name="name"/> as a scalar, or null.</summary>
    public YamlScalar? Input(string name) => With?[name] as YamlScalar;

    public string? Id => Node["id"]?.Text;

    public string? If => Node["if"]?.Text;

    /// <summary>The step's environment: the job's (workflow's) then its own.</summary>
    public IEnumerable<YamlEntry> Env => Job.Env.Concat(Node["env"]?.Entries ?? []);

    /// <summary>How a message names the step: its <c>name</c>, else its action or id, else its position.</summary>
    public string Label =>
        Node["name"]?.Text is { Length: > 0 and <= 80 } name ? "step '" + name + "'"
        : Uses?.Text is { } uses ? "step " + uses
        : Id is { } id ? "step '" + id + "'"
        : "step " + (Index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
