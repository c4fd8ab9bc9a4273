using ThreatLint.Documents.Dockerfile;

namespace ThreatLint.Core.Tests.Dockerfile;

/// <summary>Stages, FROM resolution and static ARG/ENV substitution.</summary>
public class StageTests
{
    [Test]
    public void Stages_have_index_name_base_image_and_their_instructions()
    {
        var document = DockerfileDocument.Parse("""
            ARG CUDA=12.4.1
            FROM --platform=$BUILDPLATFORM nvidia/cuda:${CUDA}-devel-ubuntu22.04 AS build
            RUN make
            FROM nvidia/cuda:${CUDA}-runtime-ubuntu22.04
            COPY --from=build /out /app
            USER 10001
            """);

        var (build, final) = (document.Stages[0], document.Stages[1]);
        Assert.Multiple(() =>
        {
            Assert.That(document.Stages, Has.Count.EqualTo(2));
            Assert.That((build.Index, build.Name, build.IsFinal), Is.EqualTo((0, "build", false)));
            Assert.That((final.Index, final.Name, final.IsFinal), Is.EqualTo((1, (string?)null, true)));
            Assert.That(document.FinalStage, Is.SameAs(final));
            Assert.That(build.From.FindFlag("platform")!.Value, Is.EqualTo("$BUILDPLATFORM"));
            Assert.That(build.BaseImage, Is.EqualTo(new ImageReference("nvidia/cuda:12.4.1-devel-ubuntu22.04", null, "nvidia/cuda", "12.4.1-devel-ubuntu22.04", null)));
            Assert.That(build.BaseNameSpan, Is.EqualTo(new Findings.SourceSpan(2, 32, 2, 69)));
            Assert.That(build.Instructions.Select(i => i.Keyword), Is.EqualTo(new[] { "RUN" }));
            Assert.That(final.Instructions.Select(i => i.Keyword), Is.EqualTo(new[] { "COPY", "USER" }));
            Assert.That(final.LastUser!.Line, Is.EqualTo(6));
            Assert.That(document.GlobalArgs.Single().Name, Is.EqualTo("CUDA"));
            Assert.That(document.Instructions, Has.Count.EqualTo(6));
        });
    }

    [TestCase("FROM ${BASE}:${TAG}", "nvcr.io/nvidia/pytorch:24.08-py3")]
    [TestCase("FROM $BASE:$TAG", "nvcr.io/nvidia/pytorch:24.08-py3")]
    [TestCase("FROM ${BASE}:${UNSET:-24.07-py3}", "nvcr.io/nvidia/pytorch:24.07-py3")]
    [TestCase("FROM ${BASE}:${NO_DEFAULT:-24.07-py3}", "nvcr.io/nvidia/pytorch:24.07-py3")]
    [TestCase("FROM ${BASE}:${TAG:+24.06-py3}", "nvcr.io/nvidia/pytorch:24.06-py3")]
    [TestCase("FROM \"${BASE}:${TAG}\"", "nvcr.io/nvidia/pytorch:24.08-py3")]
    [TestCase("FROM ${BASE}:${NO_DEFAULT:-${TAG}}", "nvcr.io/nvidia/pytorch:24.08-py3")]
    public void FROM_substitutes_global_ARGs(string from, string expected)
    {
        var stage = DockerfileDocument.Parse("ARG BASE=nvcr.io/nvidia/pytorch\nARG TAG=24.08-py3\nARG NO_DEFAULT\n" + from + "\n").Stages.Single();
        Assert.That((stage.BaseName.Value, stage.BaseName.IsResolved), Is.EqualTo((expected, true)));
        Assert.That(stage.BaseImage!.Registry, Is.EqualTo("nvcr.io"));
    }

    [TestCase("FROM nvidia/cuda:${CUDA_VERSION}-runtime", "nvidia/cuda:${CUDA_VERSION}-runtime", "CUDA_VERSION")]
    [TestCase("FROM $REGISTRY/pytorch:${UNDECLARED}", "$REGISTRY/pytorch:${UNDECLARED}", "REGISTRY,UNDECLARED")]
    [TestCase("FROM python:${CUDA_VERSION:+3.12}", "python:${CUDA_VERSION:+3.12}", "CUDA_VERSION")]
    [TestCase("FROM python:${CUDA_VERSION#v}", "python:${CUDA_VERSION#v}", "CUDA_VERSION")]
    [TestCase("FROM python:${CUDA_VERSION", "python:${CUDA_VERSION", "CUDA_VERSION")]
    public void Variables_without_a_static_value_stay_as_written_and_are_listed(string from, string value, string unresolved)
    {
        var baseName = DockerfileDocument.Parse("ARG CUDA_VERSION\nARG REGISTRY\n" + from + "\n").Stages.Single().BaseName;
        Assert.Multiple(() =>
        {
            Assert.That(baseName.Value, Is.EqualTo(value));
            Assert.That(baseName.IsResolved, Is.False);
            Assert.That(string.Join(",", baseName.UnresolvedVariables), Is.EqualTo(unresolved));
        });
    }

    [Test]
    public void ARGs_declared_inside_a_stage_are_not_visible_to_later_FROMs()
    {
        var document = DockerfileDocument.Parse("FROM python:3.12\nARG TAG=3.13\nFROM python:${TAG}\n");
        Assert.That(document.Stages[1].BaseName.IsResolved, Is.False);
    }

    [Test]
    public void FROM_resolves_earlier_stage_aliases_case_insensitively_but_not_indexes()
    {
        var document = DockerfileDocument.Parse("""
            FROM python:3.12 AS Builder
            FROM builder AS test
            FROM 0
            FROM later
            FROM python:3.12 AS later
            """);

        var stages = document.Stages;
        Assert.Multiple(() =>
        {
            Assert.That(stages[1].BaseStage, Is.SameAs(stages[0]));
            Assert.That(stages[1].BaseImage, Is.Null);
            Assert.That(stages[1].BaseMayBeStage, Is.True);
            Assert.That(stages[2].BaseStage, Is.Null);
            Assert.That(stages[2].BaseImage!.Repository, Is.EqualTo("0"));
            Assert.That(stages[3].BaseStage, Is.Null, "a stage can only be built from an earlier one");
            Assert.That(document.FindStage("BUILDER"), Is.SameAs(stages[0]));
            Assert.That(document.FindStage("1"), Is.SameAs(stages[1]));
            Assert.That(document.FindStage("python:3.12"), Is.Null);
            Assert.That(document.FindStage("9"), Is.Null);
        });
    }

    [Test]
    public void A_global_ARG_can_name_a_stage()
    {
        var document = DockerfileDocument.Parse("ARG TARGET=runtime\nFROM python:3.12 AS runtime\nFROM ${TARGET} AS final\n");
        Assert.That(document.Stages[1].BaseStage, Is.SameAs(document.Stages[0]));
    }

    [Test]
    public void An_unresolved_name_that_could_be_an_earlier_stage_is_flagged()
    {
        var document = DockerfileDocument.Parse("""
            FROM python:3.12 AS base-amd64
            FROM python:3.12 AS base-arm64
            FROM base-${TARGETARCH}
            FROM ${TARGETARCH}-base
            FROM ${REGISTRY}/base-${TARGETARCH}
            """);

        Assert.That(document.Stages.Skip(2).Select(s => s.BaseMayBeStage), Is.EqualTo(new[] { true, false, false }));
    }

    [Test]
    public void USER_is_substituted_with_stage_ARG_and_ENV()
    {
        var document = DockerfileDocument.Parse("""
            ARG APP_UID=10001
            FROM python:3.12
            ARG APP_UID
            ARG APP_GID=${APP_UID}
            USER ${APP_UID}:${APP_GID}
            ENV RUN_AS=model-server
            ARG RUN_AS=root
            USER $RUN_AS
            """);

        var users = document.Stages[0].Instructions.Where(i => i.Keyword == "USER").Select(i => i.ExpandedArguments!.Value);
        Assert.That(users, Is.EqualTo(new[] { "10001:10001", "model-server" }));
    }

    [Test]
    public void A_stage_ARG_without_default_that_is_not_global_is_unresolved()
    {
        var user = DockerfileDocument.Parse("FROM python:3.12\nARG APP_UID\nUSER $APP_UID\n").Stages[0].LastUser!;
        Assert.That(user.ExpandedArguments!.UnresolvedVariables, Is.EqualTo(new[] { "APP_UID" }));
    }

    [Test]
    public void ENV_and_USER_are_inherited_through_FROM_stage_but_ARG_is_not()
    {
        var document = DockerfileDocument.Parse("""
            FROM python:3.12 AS base
            ENV SERVICE_USER=app
            ARG SERVICE_GROUP=app
            USER ${SERVICE_USER}
            FROM base AS deps
            FROM deps AS serve
            WORKDIR /home/$SERVICE_USER/$SERVICE_GROUP
            """);

        var serve = document.FinalStage!;
        Assert.Multiple(() =>
        {
            Assert.That(serve.LastUser, Is.Null);
            Assert.That(serve.EffectiveUser, Is.SameAs(document.Stages[0].LastUser));
            Assert.That(serve.Origin, Is.SameAs(document.Stages[0]));
            Assert.That(serve.Instructions[0].ExpandedArguments!.Value, Is.EqualTo("/home/app/$SERVICE_GROUP"));
            Assert.That(serve.Instructions[0].ExpandedArguments!.UnresolvedVariables, Is.EqualTo(new[] { "SERVICE_GROUP" }));
        });
    }

    [Test]
    public void The_escape_character_protects_a_dollar()
    {
        var document = DockerfileDocument.Parse("ARG TAG=3.12\nFROM x\nWORKDIR /srv/\\$TAG\n");
        Assert.That(document.Instructions[2].ExpandedArguments!.Value, Is.EqualTo("/srv/$TAG"));
    }

    [Test]
    public void A_file_without_FROM_has_no_stages()
    {
        var document = DockerfileDocument.Parse("ARG A=1\n");
        Assert.That((document.Stages.Count, document.FinalStage), Is.EqualTo((0, (BuildStage?)null)));
    }
}
