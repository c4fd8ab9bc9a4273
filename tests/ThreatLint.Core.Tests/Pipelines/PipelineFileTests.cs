using ThreatLint.Documents.Pipelines;
using ThreatLint.Documents.Yaml;

namespace ThreatLint.Core.Tests.Pipelines;

public class PipelineFileTests
{
    [TestCase(".github/workflows/ci.yml", "on: push\njobs: {}\n", PipelineKind.GitHubWorkflow)]
    [TestCase(".github/actions/setup/action.yml", "runs:\n  using: composite\n  steps: []\n", PipelineKind.GitHubAction)]
    [TestCase("action.yaml", "name: x\n", PipelineKind.None)]
    [TestCase(".gitlab-ci.yml", "train:\n  script: [make]\n", PipelineKind.GitLabCi)]
    [TestCase("ci/train.gitlab-ci.yml", "train:\n  script: [make]\n", PipelineKind.GitLabCi)]
    [TestCase("azure-pipelines.yml", "trigger: [main]\n", PipelineKind.AzurePipelines)]
    [TestCase("build/templates/train.yml", "steps:\n  - task: UsePythonVersion@0\n", PipelineKind.AzurePipelines)]
    [TestCase("workflows/wf.yaml", "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\n", PipelineKind.ArgoWorkflow)]
    [TestCase("pipeline.yaml", "deploymentSpec:\n  executors: {}\n", PipelineKind.KubeflowPipeline)]
    [TestCase("job.yml", "$schema: https://azuremlschemas.azureedge.net/latest/pipelineJob.schema.json\ntype: pipeline\n", PipelineKind.AzureMlJob)]
    [TestCase("dvc.yaml", "stages: {}\n", PipelineKind.DvcPipeline)]
    [TestCase("data/x.dvc", "outs: []\n", PipelineKind.DvcFile)]
    [TestCase("MLproject", "name: x\n", PipelineKind.MlProject)]
    [TestCase("deploy/deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\n", PipelineKind.None)]
    [TestCase("docker-compose.yml", "services:\n  api:\n    image: x\n", PipelineKind.None)]
    public void Recognises_the_system_by_path_and_keys(string path, string yaml, PipelineKind kind) =>
        Assert.That(PipelineFile.KindOf(YamlFile.Parse(yaml), path), Is.EqualTo(kind));

    [Test]
    public void Github_steps_carry_job_env_action_and_script()
    {
        var yaml = """
            on: push
            env:
              A: "1"
            jobs:
              train:
                runs-on: [self-hosted, gpu]
                env:
                  B: "2"
                steps:
                  - uses: actions/checkout@v4
                  - name: Train
                    run: python train.py
                    env:
                      C: "3"
            """;
        var pipeline = PipelineFile.Of(YamlFile.Parse(yaml), ".github/workflows/t.yml");
        var train = pipeline.Steps[1];
        Assert.Multiple(() =>
        {
            Assert.That(pipeline.Steps[0].ActionName, Is.EqualTo("actions/checkout"));
            Assert.That(train.Label, Is.EqualTo("job train step 'Train'"));
            Assert.That(train.Env.Select(v => v.Name), Is.EqualTo(new[] { "A", "B", "C" }));
            Assert.That(train.Scripts.Single().Value, Is.EqualTo("python train.py"));
            Assert.That(pipeline.GitHub!.Jobs[0].RunnerLabels.Select(l => l.Text), Is.EqualTo(new[] { "self-hosted", "gpu" }));
        });
    }

    [Test]
    public void Kubeflow_sh_c_argv_is_read_as_a_script()
    {
        var yaml = """
            deploymentSpec:
              executors:
                exec-train:
                  container:
                    image: python:3.11
                    command: [sh, -ec, 'pip install kfp && python3 -m kfp.dsl.executor_main']
                exec-eval:
                  container:
                    image: python:3.11
                    command: [python, eval.py, --model, org/m]
            """;
        var pipeline = PipelineFile.Of(YamlFile.Parse(yaml), "pipeline.yaml");
        Assert.Multiple(() =>
        {
            Assert.That(pipeline.Steps[0].Scripts.Single().Value, Does.StartWith("pip install kfp"));
            Assert.That(pipeline.Steps[1].Argv.Select(a => a.Value), Is.EqualTo(new[] { "python", "eval.py", "--model", "org/m" }));
            Assert.That(pipeline.Images, Has.Count.EqualTo(2));
        });
    }
}
