using ThreatLint.Catalog;
using ThreatLint.Findings;
using ThreatLint.Rules.SupplyChain;

namespace ThreatLint.Core.Tests.Rules.SupplyChain;

public class ThirdPartyModelUnpinnedTests
{
    private const string Sha = "5206a32e0bd3067aef1ce90f5528ade7d866253f";
    private const string From = "FROM python:3.12-slim@sha256:2b2f1bd5b8e8ed7a4f8b4d4d1f0a1ef1b8c9d6b0d52b2e1bcbf6a3c1f9a4e7d1\n";

    private static readonly ThirdPartyModelUnpinned Rule = new();

    private static IReadOnlyList<Finding> Run(string source, string path = "serve.py") => RuleRunner.RunPython(Rule, source, path);

    private static IReadOnlyList<Finding> RunDockerfile(string dockerfile) => RuleRunner.Run(Rule, dockerfile);

    [Test]
    public void Catalog_example_fires_on_failing_and_not_on_passing()
    {
        var example = Catalog.Rules.ThirdPartyModelUnpinned.Example!;
        var findings = Run(example.Failing, example.FileName);
        Assert.Multiple(() =>
        {
            Assert.That(findings.Positions(), Is.EqualTo(new[] { "TL1010@5:43", "TL1010@6:46" }));
            Assert.That(findings[1].Message, Is.EqualTo(
                "Model mistralai/Mistral-7B-Instruct-v0.3 is pulled by a mutable reference (revision=\"main\" is a branch or tag, not a commit): whoever controls it can change what you run"));
            Assert.That(Run(example.Passing, example.FileName), Is.Empty);
        });
    }

    [Test]
    public void From_pretrained_without_revision_fires_at_the_model_argument()
    {
        var findings = Run("model = AutoModelForSequenceClassification.from_pretrained(\"distilbert/distilbert-base-uncased\", num_labels=2)\n");

        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(findings[0].Span, Is.EqualTo(SourceSpan.At(1, 60, "\"distilbert/distilbert-base-uncased\"".Length)));
            Assert.That(findings[0].Severity, Is.EqualTo(Severity.High));
            Assert.That(findings[0].Confidence, Is.EqualTo(Confidence.High));
            Assert.That(findings[0].Message, Is.EqualTo(
                "Model distilbert/distilbert-base-uncased is pulled by a mutable reference (AutoModelForSequenceClassification.from_pretrained without revision=<40-hex commit>): whoever controls it can change what you run"));
        });
    }

    [TestCase("AutoModel.from_pretrained('org/m', revision='" + Sha + "')")]
    [TestCase("AutoModel.from_pretrained('org/m', revision=REV)")]
    [TestCase("AutoModel.from_pretrained('org/m', revision=args.revision)")]
    [TestCase("AutoModel.from_pretrained('./checkpoints/best')")]
    [TestCase("AutoModel.from_pretrained('/mnt/models/llama')")]
    [TestCase("AutoModel.from_pretrained('outputs/run-3')")]
    [TestCase("AutoModel.from_pretrained('a/b/c')")]
    [TestCase("AutoModel.from_pretrained('models')")]
    [TestCase("AutoModel.from_pretrained(args.model_name_or_path)")]
    [TestCase("AutoModel.from_pretrained(os.environ['MODEL_ID'])")]
    [TestCase("AutoModel.from_pretrained(f'{org}/model')")]
    [TestCase("AutoModel.from_pretrained(CHANGING)")]
    [TestCase("AutoModel.from_pretrained(config=cfg)")]
    [TestCase("pipeline('sentiment-analysis')")]
    [TestCase("pipeline('ner', model=model, tokenizer=tokenizer)")]
    [TestCase("snapshot_download('org/data', repo_type='dataset')")]
    [TestCase("hf_hub_download('org/space', 'app.py', repo_type='space')")]
    [TestCase("load_dataset('imdb')")]
    [TestCase("torch.hub.load('pytorch/vision:" + Sha + "', 'resnet50')")]
    [TestCase("torch.hub.load('./hubconf_dir', 'model', source='local')")]
    [TestCase("mlflow.pyfunc.load_model('models:/fraud/7')")]
    [TestCase("mlflow.sklearn.load_model('runs:/4f1e/model')")]
    [TestCase("timm.create_model('resnet50', pretrained=True)")]
    [TestCase("timm.create_model('hf-hub:timm/vit_base_patch16_224.augreg_in21k@" + Sha + "')")]
    [TestCase("LLM = 'org/m'")]
    public void Does_not_fire_on_pinned_local_or_unknown_models(string line)
    {
        Assert.That(Run("import torch, timm, mlflow\nREV = '" + Sha + "'\nCHANGING = 'a/b'\nCHANGING = 'c/d'\n" + line + "\n"), Is.Empty);
    }

    [TestCase("tok = AutoTokenizer.from_pretrained(\"google/gemma-2-2b-it\")", 37, "AutoTokenizer.from_pretrained without revision=<40-hex commit>")]
    [TestCase("pipe = pipeline(\"text-generation\", model=\"Qwen/Qwen2.5-7B-Instruct\", device_map=\"auto\")", 42, "pipeline without revision=<40-hex commit>")]
    [TestCase("pipe = pipeline(\"text-generation\", \"Qwen/Qwen2.5-7B-Instruct\", revision=\"v1.0\")", 36, "revision=\"v1.0\" is a branch or tag, not a commit")]
    [TestCase("path = snapshot_download(repo_id=\"meta-llama/Llama-3.1-8B\", allow_patterns=[\"*.safetensors\"])", 34, "snapshot_download without revision=<40-hex commit>")]
    [TestCase("cfg = hf_hub_download(\"BAAI/bge-m3\", \"config.json\")", 23, "hf_hub_download without revision=<40-hex commit>")]
    [TestCase("enc = SentenceTransformer(\"sentence-transformers/all-MiniLM-L6-v2\")", 27, "SentenceTransformer without revision=<40-hex commit>")]
    [TestCase("rr = CrossEncoder(\"cross-encoder/ms-marco-MiniLM-L-6-v2\", revision=\"main\")", 19, "revision=\"main\" is a branch or tag, not a commit")]
    [TestCase("lora = PeftModel.from_pretrained(base, \"tloen/alpaca-lora-7b\")", 40, "PeftModel.from_pretrained without revision=<40-hex commit>")]
    [TestCase("pipe = StableDiffusionXLPipeline.from_pretrained(\"stabilityai/stable-diffusion-xl-base-1.0\", torch_dtype=torch.float16)", 50, "StableDiffusionXLPipeline.from_pretrained without revision=<40-hex commit>")]
    [TestCase("llm = LLM(model=\"mistralai/Mistral-7B-Instruct-v0.3\", tensor_parallel_size=2)", 17, "LLM without revision=<40-hex commit>")]
    [TestCase("emb = HuggingFaceEmbeddings(model_name=\"BAAI/bge-small-en-v1.5\", model_kwargs={\"device\": \"cpu\"})", 40, "HuggingFaceEmbeddings without revision=<40-hex commit>")]
    [TestCase("llm = HuggingFacePipeline.from_model_id(model_id=\"microsoft/phi-2\", task=\"text-generation\")", 50, "HuggingFacePipeline.from_model_id without revision=<40-hex commit>")]
    public void Fires_on_hub_loaders(string line, int column, string reason)
    {
        var findings = Run("from transformers import pipeline\nfrom vllm import LLM\n" + line + "\n");

        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That((findings[0].Span.Line, findings[0].Span.Column), Is.EqualTo((3, column)));
            Assert.That(findings[0].Message, Does.Contain("(" + reason + ")"));
        });
    }

    [Test]
    public void A_revision_in_LangChain_model_kwargs_pins_the_model()
    {
        Assert.That(Run("emb = HuggingFaceEmbeddings(model_name='BAAI/bge-small-en-v1.5', model_kwargs={'revision': '" + Sha + "'})\n"), Is.Empty);
    }

    [Test]
    public void Module_constants_resolve_and_the_finding_points_at_the_name_in_the_call()
    {
        var findings = Run("""
            BASE_MODEL = "meta-llama/Llama-3.1-8B-Instruct"
            BRANCH = "refs/pr/12"

            def load():
                return AutoModelForCausalLM.from_pretrained(BASE_MODEL, revision=BRANCH)
            """);

        Assert.Multiple(() =>
        {
            Assert.That(findings.Positions(), Is.EqualTo(new[] { "TL1010@5:49" }));
            Assert.That(findings[0].Span.EndColumn, Is.EqualTo(49 + "BASE_MODEL".Length));
            Assert.That(findings[0].Message, Does.Contain("Model meta-llama/Llama-3.1-8B-Instruct is pulled by a mutable reference (revision=\"refs/pr/12\" is a branch or tag, not a commit)"));
        });
    }

    [Test]
    public void A_bare_hub_name_has_medium_confidence_and_opaque_kwargs_low()
    {
        var findings = Run("a = GPT2LMHeadModel.from_pretrained('gpt2')\nb = AutoModel.from_pretrained('org/m', **load_kwargs)\n");

        Assert.That(findings.Select(f => (f.Span.Line, f.Confidence)), Is.EqualTo(new[] { (1, Confidence.Medium), (2, Confidence.Low) }));
    }

    [TestCase("torch.hub.load('pytorch/vision', 'resnet50', weights='IMAGENET1K_V2')", "pytorch/vision", "torch.hub.load without :<40-hex commit> runs the default branch's hubconf.py")]
    [TestCase("torch.hub.load(repo_or_dir='ultralytics/yolov5:v7.0', model='yolov5s')", "ultralytics/yolov5:v7.0", "ref v7.0 is a branch or tag, not a commit")]
    [TestCase("mlflow.pyfunc.load_model('models:/fraud-detector/Production')", "models:/fraud-detector/Production", "stage Production points at whatever version is promoted next")]
    [TestCase("mlflow.pyfunc.load_model(model_uri='models:/fraud-detector/latest')", "models:/fraud-detector/latest", "latest is whatever version was registered last")]
    [TestCase("mlflow.transformers.load_model('models:/summarizer@champion')", "models:/summarizer@champion", "alias @champion can be moved to another version")]
    [TestCase("timm.create_model('hf-hub:timm/vit_base_patch16_224.augreg_in21k', pretrained=True)", "hf-hub:timm/vit_base_patch16_224.augreg_in21k", "timm.create_model without @<40-hex commit>")]
    [TestCase("open_clip.create_model_and_transforms('hf-hub:laion/CLIP-ViT-B-32-laion2B-s34B-b79K')", "hf-hub:laion/CLIP-ViT-B-32-laion2B-s34B-b79K", "open_clip.create_model_and_transforms without @<40-hex commit>")]
    public void Fires_on_torch_hub_mlflow_and_hf_hub_prefixed_names(string line, string model, string reason)
    {
        var findings = Run("import torch, mlflow, timm, open_clip\nm = " + line + "\n");

        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(findings[0].Span.Line, Is.EqualTo(2));
            Assert.That(findings[0].Message, Is.EqualTo("Model " + model + " is pulled by a mutable reference (" + reason + "): whoever controls it can change what you run"));
        });
    }

    [Test]
    public void Fires_in_a_notebook_cell_and_on_its_shell_lines()
    {
        var notebook = """
            {"cells": [{"cell_type": "code", "source": [
              "!huggingface-cli download TheBloke/Llama-2-7B-GGUF llama-2-7b.Q4_K_M.gguf --local-dir models\n",
              "!git clone https://huggingface.co/openai/whisper-large-v3\n",
              "model = AutoModel.from_pretrained(\"openai/whisper-large-v3\")"
            ]}]}
            """;

        var findings = Run(notebook, "asr.ipynb").OrderBy(f => f.Span.Line).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(findings.Lines(), Is.EqualTo(new[] { "TL1010@2", "TL1010@3", "TL1010@4" }));
            Assert.That(findings[0].Message, Does.Contain("Model TheBloke/Llama-2-7B-GGUF is pulled by a mutable reference (huggingface-cli download without --revision <40-hex commit>)"));
            Assert.That(findings[1].Message, Does.Contain("Model openai/whisper-large-v3 is pulled by a mutable reference (git clone with no git checkout <40-hex commit> after it)"));
        });
    }

    [Test]
    public void Dockerfile_hub_downloads()
    {
        var findings = RunDockerfile(From + """
            RUN pip install --no-cache-dir "huggingface_hub[cli]==0.24.6" \
             && huggingface-cli download meta-llama/Llama-3.1-8B-Instruct --local-dir /models/llama \
             && hf download BAAI/bge-m3 --revision main --local-dir /models/bge \
             && hf download sentence-transformers/all-MiniLM-L6-v2 --revision c9745ed1d9f207416be6d2e6f8de32d1f16199bf \
             && huggingface-cli download HuggingFaceH4/ultrachat_200k --repo-type dataset
            """);

        Assert.Multiple(() =>
        {
            Assert.That(findings.Positions(), Is.EqualTo(new[] { "TL1010@3:30", "TL1010@4:17" }));
            Assert.That(findings[0].Span.EndColumn, Is.EqualTo(30 + "meta-llama/Llama-3.1-8B-Instruct".Length));
            Assert.That(findings[0].Message, Does.Contain("(huggingface-cli download without --revision <40-hex commit>)"));
            Assert.That(findings[1].Message, Does.Contain("Model BAAI/bge-m3 is pulled by a mutable reference (--revision main is a branch or tag, not a commit)"));
        });
    }

    [Test]
    public void Dockerfile_git_clone_needs_a_later_checkout_of_a_commit_in_the_same_stage()
    {
        var findings = RunDockerfile(From + """
            RUN git lfs install && git clone https://huggingface.co/BAAI/bge-reranker-v2-m3 /models/reranker
            RUN git clone --depth 1 https://huggingface.co/intfloat/e5-large-v2 /models/e5 \
             && git -C /models/e5 checkout 4dc6d853a804b9c8886ede6dda8a073b7dc08a81
            RUN git clone https://huggingface.co/datasets/squad /data/squad
            RUN git clone https://github.com/vllm-project/vllm.git
            RUN git clone https://hf.co/thenlper/gte-large /models/gte
            RUN git -C /models/gte reset --hard 5b4e0b8a6e1cbd56a5e5dba6a4a8e3b8cf6d0f3c
            """);

        Assert.That(findings.Positions(), Is.EqualTo(new[] { "TL1010@2:34" }));
    }

    [Test]
    public void Dockerfile_served_models_need_a_revision()
    {
        var findings = RunDockerfile("""
            FROM vllm/vllm-openai:v0.6.3@sha256:ec8207a3dde607f7867f8f5390915018488b877761306ffd4ef099f9b3ee16a1
            USER 10001
            CMD ["--model", "meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", "8192"]
            """);

        Assert.Multiple(() =>
        {
            Assert.That(findings.Positions(), Is.EqualTo(new[] { "TL1010@3:17" }));
            Assert.That(findings[0].Span.EndColumn, Is.EqualTo(17 + "\"meta-llama/Llama-3.1-8B-Instruct\"".Length));
            Assert.That(findings[0].Message, Does.Contain("(CMD without --revision <40-hex commit>)"));
        });
    }

    [Test]
    public void Dockerfile_entrypoint_and_cmd_are_one_command_line()
    {
        var pinned = RunDockerfile(From + """
            ENTRYPOINT ["vllm", "serve", "--revision", "0e9e39f249a16976918f6564b8830bc894c89659"]
            CMD ["meta-llama/Llama-3.1-8B-Instruct"]
            """);
        var unpinned = RunDockerfile(From + """
            ENTRYPOINT ["vllm", "serve"]
            CMD ["meta-llama/Llama-3.1-8B-Instruct", "--port", "8000"]
            """);

        Assert.Multiple(() =>
        {
            Assert.That(pinned, Is.Empty);
            Assert.That(unpinned.Positions(), Is.EqualTo(new[] { "TL1010@3:6" }));
            Assert.That(unpinned[0].Message, Does.Contain("(vllm without --revision <40-hex commit>)"));
        });
    }

    [TestCase("CMD [\"--model\", \"/models/llama\"]")]
    [TestCase("CMD [\"--model\", \"$MODEL_ID\"]")]
    [TestCase("CMD vllm serve ${MODEL} --revision ${REVISION}")]
    [TestCase("CMD vllm serve org/m --revision $REVISION")]
    [TestCase("CMD [\"--model-id\", \"org/m\", \"--revision\", \"" + Sha + "\"]")]
    [TestCase("RUN python train.py --model resnet50")]
    [TestCase("RUN torch-model-archiver --model-name bert --version 1.0")]
    [TestCase("RUN ollama pull llama3@sha256:6a0746a1ec1aef3e7ec53868f220ff6e389f6f8ef87a01d77c96807de94ca2aa")]
    public void Dockerfile_does_not_fire_on_pinned_local_or_variable_models(string line)
    {
        Assert.That(RunDockerfile(From + line + "\n"), Is.Empty);
    }

    [Test]
    public void Dockerfile_ollama_tags_are_mutable()
    {
        var findings = RunDockerfile(From + "RUN ollama serve & sleep 5 && ollama pull llama3.1:8b && ollama pull nomic-embed-text\n");

        Assert.Multiple(() =>
        {
            Assert.That(findings.Positions(), Is.EqualTo(new[] { "TL1010@2:43", "TL1010@2:70" }));
            Assert.That(findings[1].Message, Does.StartWith("Model nomic-embed-text:latest is pulled by a mutable reference (Ollama tags can be pushed again)"));
        });
    }

    [Test]
    public void Dockerfile_TGI_model_id_needs_a_revision()
    {
        var findings = RunDockerfile("""
            FROM ghcr.io/huggingface/text-generation-inference:2.2.0@sha256:d39d513f13727ffa9b6a4d0e949f36413b944aabc9a236c0aa2986c929906769 AS tgi
            ENV MODEL_ID=mistralai/Mistral-7B-Instruct-v0.3 \
                MAX_TOTAL_TOKENS=8192
            FROM tgi AS pinned
            ENV REVISION=e0bc86c23ce5aae1db576c8cca6f06f1f73af2db
            FROM ghcr.io/huggingface/text-generation-inference:2.2.0@sha256:d39d513f13727ffa9b6a4d0e949f36413b944aabc9a236c0aa2986c929906769
            ENV HF_MODEL_ID=org/m HF_MODEL_REVISION=main
            FROM ghcr.io/huggingface/text-generation-inference:2.2.0@sha256:d39d513f13727ffa9b6a4d0e949f36413b944aabc9a236c0aa2986c929906769
            ENV MODEL_ID=/data/local-model
            ENV MODEL_ID=org/final
            CMD ["--revision", "e0bc86c23ce5aae1db576c8cca6f06f1f73af2db"]
            """);

        Assert.Multiple(() =>
        {
            Assert.That(findings.Positions(), Is.EqualTo(new[] { "TL1010@2:5", "TL1010@7:5" }));
            Assert.That(findings[0].Message, Does.Contain("(ENV MODEL_ID without REVISION=<40-hex commit>)"));
            Assert.That(findings[1].Message, Does.Contain("Model org/m is pulled by a mutable reference (HF_MODEL_REVISION=main is a branch or tag, not a commit)"));
        });
    }

    [Test]
    public void Dockerfile_python_run_while_building_is_read_as_python()
    {
        var findings = RunDockerfile(From + """
            RUN python3 -c "from huggingface_hub import snapshot_download; snapshot_download('BAAI/bge-m3', local_dir='/models/bge')"
            RUN ["python3", "-c", "import torch; torch.hub.load('pytorch/vision', 'resnet50')"]
            RUN python3 <<EOF
            from transformers import AutoModel
            AutoModel.from_pretrained("intfloat/e5-large-v2").save_pretrained("/models/e5")
            EOF
            RUN <<EOF
            #!/usr/bin/env python3
            from sentence_transformers import SentenceTransformer
            SentenceTransformer("sentence-transformers/all-MiniLM-L6-v2", revision="c9745ed1d9f207416be6d2e6f8de32d1f16199bf")
            EOF
            RUN cat <<EOF > /srv/notes.py
            AutoModel.from_pretrained("org/not-run")
            EOF
            """);

        Assert.Multiple(() =>
        {
            Assert.That(findings.Positions(), Is.EqualTo(new[] { "TL1010@2:82", "TL1010@3:23", "TL1010@6:27" }));
            Assert.That(findings[0].Span.EndColumn, Is.EqualTo(82 + "'BAAI/bge-m3'".Length));
            Assert.That(findings[1].Message, Does.Contain("Model pytorch/vision is pulled by a mutable reference"));
        });
    }
}
