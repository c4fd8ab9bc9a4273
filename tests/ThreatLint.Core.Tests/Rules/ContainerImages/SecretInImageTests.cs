using ThreatLint.Catalog;
using ThreatLint.Core.Tests.Rules.Secrets;
using ThreatLint.Rules.ContainerImages;

namespace ThreatLint.Core.Tests.Rules.ContainerImages;

public class SecretInImageTests
{
    private const string Digest = "@sha256:a1675fc29cc86b8e915c1c48a9583c1b43a834615147fcbaa59676e2e39476a4";
    private const string From = "FROM python:3.12-slim" + Digest + "\n";
    private const string Password = "Tr4ck1ng-Pw-Qz9";

    private static readonly SecretInImage Rule = new();

    [Test]
    public void Catalog_example_fires_on_failing_and_not_on_passing()
    {
        var example = Catalog.Rules.SecretInImage.Example!;
        Assert.Multiple(() =>
        {
            Assert.That(RuleRunner.Run(Rule, example.Failing).Lines(), Is.EqualTo(new[] { "TL4005@3", "TL4005@4" }));
            Assert.That(RuleRunner.Run(Rule, example.Passing), Is.Empty);
        });
    }

    [Test]
    public void Fires_on_a_secret_ENV_from_its_name_to_the_end_of_its_value()
    {
        var findings = RuleRunner.Run(Rule, From + "ENV WANDB_PROJECT=sentiment MLFLOW_TRACKING_PASSWORD=" + Password + "\n");

        Assert.That(findings, Has.Count.EqualTo(1));
        var finding = findings[0];
        Assert.Multiple(() =>
        {
            Assert.That(finding.RuleId, Is.EqualTo("TL4005"));
            Assert.That(finding.Severity, Is.EqualTo(Severity.Critical));
            Assert.That(finding.Confidence, Is.EqualTo(Confidence.High));
            Assert.That((finding.Span.Line, finding.Span.Column, finding.Span.EndLine, finding.Span.EndColumn), Is.EqualTo((2, 29, 2, 29 + "MLFLOW_TRACKING_PASSWORD=".Length + Password.Length)));
            Assert.That(finding.Message, Is.EqualTo(
                "ENV MLFLOW_TRACKING_PASSWORD bakes an MLflow tracking password into the image, where anyone who can pull it or read its history can recover it (value masked)"));
            Assert.That(finding.Message, Does.Not.Contain(Password));
        });
    }

    [TestCase("ENV DB_PASSWORD " + Password, "ENV DB_PASSWORD", "a password")]
    [TestCase("ENV DB_PASSWORD=\"" + Password + "\"", "ENV DB_PASSWORD", "a password")]
    [TestCase("ARG REPLICATE_API_TOKEN=" + Password, "ARG REPLICATE_API_TOKEN", "a Replicate API token")]
    [TestCase("ENV AWS_SECRET_ACCESS_KEY=" + Password + "Zx81", "ENV AWS_SECRET_ACCESS_KEY", "an AWS secret access key")]
    [TestCase("ENV HF_TOKEN=" + Password + "Hq3V", "ENV HF_TOKEN", "a Hugging Face token")]
    [TestCase("env github_token=" + Password, "ENV github_token", "a token")]
    public void Fires_on_literal_secrets_in_ENV_and_ARG(string instruction, string shown, string what)
    {
        var findings = RuleRunner.Run(Rule, From + instruction + "\n");

        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.That(findings[0].Message, Does.StartWith(shown + " bakes " + what + " into the image"));
    }

    [TestCase("ENV HF_TOKEN=")]
    [TestCase("ENV HF_TOKEN=\"\"")]
    [TestCase("ENV HF_TOKEN=<YOUR_TOKEN>")]
    [TestCase("ENV HF_TOKEN=xxxxxxxxxxxx")]
    [TestCase("ENV HF_TOKEN=changeme")]
    [TestCase("ENV HF_TOKEN=${HF_TOKEN}")]
    [TestCase("ENV HF_TOKEN=$HF_TOKEN")]
    [TestCase("ENV HF_TOKEN=${HF_TOKEN:-}")]
    [TestCase("ENV HF_TOKEN=dummy-token")]
    [TestCase("ENV HF_TOKEN=example-token")]
    [TestCase("ENV HF_TOKEN=none")]
    [TestCase("ENV WANDB_API_KEY=null")]
    [TestCase("ENV DB_PASSWORD=true")]
    [TestCase("ENV DB_PASSWORD=s3cr3t")]
    [TestCase("ARG HF_TOKEN")]
    [TestCase("ARG HF_TOKEN\nENV HF_TOKEN=${HF_TOKEN}")]
    [TestCase("ENV AWS_ACCESS_KEY_ID=" + FakeKeys.AwsKeyId)]
    [TestCase("ENV HF_TOKEN_PATH=/run/secrets/hf_token")]
    [TestCase("ENV GOOGLE_APPLICATION_CREDENTIALS=/var/secrets/google/key.json")]
    [TestCase("ENV MAX_TOTAL_TOKENS=8192 TOKENIZERS_PARALLELISM=false")]
    [TestCase("ENV MODEL_ID=meta-llama/Llama-3.1-8B-Instruct")]
    [TestCase("LABEL api_key=" + Password)]
    [TestCase("RUN --mount=type=secret,id=hf_token,env=HF_TOKEN python download.py")]
    [TestCase("RUN DB_PASSWORD=$DB_PASSWORD ./migrate.sh")]
    [TestCase("RUN export HF_TOKEN=\"$(cat /run/secrets/hf_token)\" && huggingface-cli download org/model")]
    [TestCase("RUN pip install --index-url https://__token__:${PYPI_TOKEN}@pypi.corp/simple torch==2.4.1")]
    [TestCase("RUN python train.py max_new_tokens=512 lr=0.0003")]
    public void Is_silent_on_placeholders_references_build_arguments_and_secret_mounts(string instruction)
    {
        Assert.That(RuleRunner.Run(Rule, From + instruction + "\n"), Is.Empty);
    }

    [TestCase("ENV HF_TOKEN=" + FakeKeys.HuggingFace)]
    [TestCase("ENV OPENAI_API_KEY=" + FakeKeys.OpenAiProject)]
    [TestCase("ARG WANDB_API_KEY=" + FakeKeys.WandB)]
    [TestCase("ENV AWS_SECRET_ACCESS_KEY=" + FakeKeys.AwsSecret)]
    public void Leaves_values_TL2010_recognises_to_TL2010(string instruction)
    {
        Assert.That(RuleRunner.Run(Rule, From + instruction + "\n"), Is.Empty);
    }

    [Test]
    public void Fires_on_a_password_in_a_URL_whatever_the_name()
    {
        var findings = RuleRunner.Run(Rule, From + "ENV PIP_EXTRA_INDEX_URL=https://ml-team:" + Password + "@pypi.corp.internal/simple\n");

        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.That(findings[0].Message, Does.StartWith("ENV PIP_EXTRA_INDEX_URL bakes a password in the URL's user-info into the image"));
        Assert.That(findings[0].Message, Does.Not.Contain(Password));
    }

    [TestCase("RUN DB_PASSWORD=" + Password + " ./migrate.sh", 5, "RUN DB_PASSWORD= bakes a password into the image")]
    [TestCase("RUN export MLFLOW_TRACKING_PASSWORD=" + Password + " && python train.py", 12, "RUN MLFLOW_TRACKING_PASSWORD= bakes an MLflow tracking password into the image")]
    [TestCase("RUN python train.py wandb.api_token=" + Password, 21, null)]
    [TestCase("RUN pip install --index-url https://ml-ci:" + Password + "@pypi.corp.internal/simple torch==2.4.1", 29, "RUN pip bakes a password in a URL's user-info into the image")]
    [TestCase("RUN sh -c \"pip install --extra-index-url https://ml-ci:" + Password + "@pypi.corp.internal/simple vllm\"", 42, "RUN pip bakes a password in a URL's user-info into the image")]
    public void Fires_on_literal_secrets_in_RUN_command_lines_which_the_history_records(string instruction, int column, string? message)
    {
        var findings = RuleRunner.Run(Rule, From + instruction + "\n");

        Assert.That(findings, Has.Count.EqualTo(message is null ? 0 : 1));
        if (message is not null)
        {
            Assert.That((findings[0].Span.Line, findings[0].Span.Column), Is.EqualTo((2, column)));
            Assert.That(findings[0].Message, Does.StartWith(message).And.Not.Contain(Password));
        }
    }

    [Test]
    public void Secrets_in_stages_that_do_not_ship_have_medium_confidence()
    {
        var findings = RuleRunner.Run(Rule, $$"""
            ARG PIP_PASSWORD={{Password}}
            FROM python:3.12-slim{{Digest}} AS build
            ENV NPM_TOKEN={{Password}}
            FROM build AS test
            ENV CI_TOKEN={{Password}}
            FROM python:3.12-slim{{Digest}} AS base
            ENV SENTRY_AUTH_TOKEN={{Password}}
            FROM base AS serve
            ENV JWT_SECRET={{Password}}
            """);

        Assert.That(
            findings.OrderBy(f => f.Span.Line).Select(f => (f.Span.Line, f.Confidence)),
            Is.EqualTo(new[] { (1, Confidence.Medium), (3, Confidence.Medium), (5, Confidence.Medium), (7, Confidence.High), (9, Confidence.High) }));
    }

    [Test]
    public void A_global_ARG_redeclared_in_a_shipped_stage_has_high_confidence()
    {
        var findings = RuleRunner.Run(Rule, $$"""
            ARG HF_TOKEN_PASSWORD={{Password}}
            FROM python:3.12-slim{{Digest}}
            ARG HF_TOKEN_PASSWORD
            RUN ./download.sh
            """);

        Assert.That(findings.Select(f => (f.Span.Line, f.Confidence)), Is.EqualTo(new[] { (1, Confidence.High) }));
    }

    [Test]
    public void Fires_at_each_credential_file_source()
    {
        var findings = RuleRunner.Run(Rule, From + """
            COPY app/ kaggle.json \
                 .env /srv/
            """);

        Assert.That(findings.Select(f => (f.Span.Line, f.Span.Column, f.Message)), Is.EqualTo(new[]
        {
            (2, 11, "COPY kaggle.json bakes the credential file kaggle.json (a Kaggle API key) into the image, where anyone who can pull it or read its history can recover it (value masked)"),
            (3, 6, "COPY .env bakes the credential file .env (an environment file) into the image, where anyone who can pull it or read its history can recover it (value masked)"),
        }));
    }

    [TestCase("COPY id_rsa /root/.ssh/id_rsa", "the credential file id_rsa (an SSH private key)", Confidence.High)]
    [TestCase("COPY --chown=app:app secrets/*.pem /etc/ssl/private/", "the credential file *.pem (a PEM file that may hold a private key)", Confidence.Medium)]
    [TestCase("ADD .aws /root/.aws", "the credential folder .aws (AWS credentials)", Confidence.High)]
    [TestCase("COPY [\"keys/service-account.json\", \"/var/secrets/\"]", "the credential file service-account.json (a Google Cloud service-account key)", Confidence.High)]
    [TestCase("COPY --from=build /root/.netrc /root/.netrc", "the credential file .netrc (a netrc login file (W&B and Hugging Face keep keys here))", Confidence.High)]
    [TestCase("COPY .npmrc ./", "the credential file .npmrc (an npm config that usually holds an auth token)", Confidence.Medium)]
    public void Recognises_credential_files_paths_globs_and_folders(string instruction, string what, Confidence confidence)
    {
        var findings = RuleRunner.Run(Rule, From + instruction + "\n");

        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(findings[0].Message, Does.Contain(" bakes " + what + " into the image"));
            Assert.That(findings[0].Confidence, Is.EqualTo(confidence));
        });
    }

    [TestCase("COPY secrets.txt /root/.kaggle/kaggle.json", "COPY to /root/.kaggle/kaggle.json bakes the credential file kaggle.json")]
    [TestCase("COPY <<EOF /root/.netrc\nmachine api.wandb.ai login user password " + Password + "\nEOF", "COPY to /root/.netrc bakes the credential file .netrc")]
    [TestCase("ADD https://vault.corp/export/aws /root/.aws/credentials", "ADD to /root/.aws/credentials bakes the credential file credentials")]
    public void Fires_on_a_credential_file_destination_when_the_source_says_nothing(string instruction, string message)
    {
        var findings = RuleRunner.Run(Rule, From + instruction + "\n");

        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.That(findings[0].Message, Does.StartWith(message));
    }

    [TestCase("COPY . .")]
    [TestCase("COPY . /app")]
    [TestCase("COPY requirements.txt config.json /app/")]
    [TestCase("COPY .env.example /app/.env.example")]
    [TestCase("COPY certs/ca.pem /usr/local/share/ca-certificates/ca.crt")]
    [TestCase("COPY id_rsa.pub /root/.ssh/authorized_keys")]
    [TestCase("COPY a.txt b.txt /root/.aws/")]
    [TestCase("COPY config /root/.aws/")]
    [TestCase("ADD https://example.org/kaggle.json /tmp/")]
    [TestCase("RUN --mount=type=secret,id=kaggle,target=/root/.kaggle/kaggle.json kaggle datasets download x")]
    [TestCase("RUN --mount=type=ssh git clone git@github.com:org/private.git")]
    public void Is_silent_on_ordinary_files_and_build_secrets(string instruction)
    {
        Assert.That(RuleRunner.Run(Rule, From + instruction + "\n"), Is.Empty);
    }

    [Test]
    public void Credential_files_in_stages_that_do_not_ship_are_not_reported()
    {
        var findings = RuleRunner.Run(Rule, $$"""
            FROM python:3.12-slim{{Digest}} AS fetch
            COPY kaggle.json /root/.kaggle/kaggle.json
            RUN kaggle datasets download -d org/reviews -p /data

            FROM python:3.12-slim{{Digest}} AS base
            COPY .netrc /root/.netrc

            FROM base
            COPY --from=fetch /data /data
            """);

        Assert.That(findings.Lines(), Is.EqualTo(new[] { "TL4005@6" }));
    }

    [Test]
    public void Fingerprint_changes_with_the_secret_but_never_holds_it()
    {
        var before = RuleRunner.Run(Rule, From + "ENV DB_PASSWORD=" + Password + "\n");
        var moved = RuleRunner.Run(Rule, From + "\n\nENV   DB_PASSWORD=" + Password + "\n");
        var rotated = RuleRunner.Run(Rule, From + "ENV DB_PASSWORD=Qm2Xv9Rb4Tn8\n");
        Assert.Multiple(() =>
        {
            Assert.That(moved[0].Fingerprint, Is.EqualTo(before[0].Fingerprint));
            Assert.That(rotated[0].Fingerprint, Is.Not.EqualTo(before[0].Fingerprint));
            Assert.That(before[0].Fingerprint, Does.Not.Contain(Password));
        });
    }
}
