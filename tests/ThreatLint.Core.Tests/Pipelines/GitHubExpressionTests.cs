using ThreatLint.Documents.Pipelines;

namespace ThreatLint.Core.Tests.Pipelines;

public class GitHubExpressionTests
{
    [TestCase("${{ github.event.issue.title }}", "github.event.issue.title")]
    [TestCase("${{ github.event['issue'].title }}", "github.event.issue.title")]
    [TestCase("${{ github.event.commits[0].message }}", "github.event.commits.*.message")]
    [TestCase("${{ github.event.commits.*.message }}", "github.event.commits.*.message")]
    [TestCase("${{ toJSON(github.event.pull_request) }}", "github.event.pull_request")]
    [TestCase("${{ contains(github.event.pull_request.labels.*.name, 'x') && github.head_ref }}", "github.event.pull_request.labels.*.name github.head_ref")]
    [TestCase("${{ format('{0} }} {1}', secrets.HF_TOKEN, 'a''b') }}", "secrets.hf_token")]
    [TestCase("${{ 'github.head_ref' }}", "")]
    [TestCase("${{ true || null || 3.5 }}", "")]
    [TestCase("${{ Inputs.Model-Name }}", "inputs.model-name")]
    public void Reads_the_contexts_of_an_expression(string text, string contexts)
    {
        var expression = GitHubExpression.Find(text).Single();
        Assert.Multiple(() =>
        {
            Assert.That(string.Join(" ", expression.Contexts), Is.EqualTo(contexts));
            Assert.That(expression.Offset, Is.Zero);
            Assert.That(expression.Length, Is.EqualTo(text.Length));
        });
    }

    [Test]
    public void Finds_every_expression_with_offsets_and_stops_at_an_unterminated_one()
    {
        var found = GitHubExpression.Find("a ${{ x.y }} b ${{ z }} c ${{ open");
        Assert.That(found.Select(e => (e.Offset, e.Body)), Is.EqualTo(new[] { (2, "x.y"), (15, "z") }));
    }

    [Test]
    public void Is_bounded_on_hostile_input()
    {
        var text = string.Concat(Enumerable.Repeat("${{ a }}", 100_000));
        Assert.That(GitHubExpression.Find(text), Has.Count.EqualTo(GitHubExpression.MaxPerValue));
    }

    [TestCase("github.event.issue.body", ContextTrust.AttackerControlled)]
    [TestCase("github.event.pull_request.head.ref", ContextTrust.AttackerControlled)]
    [TestCase("github.event.pull_request", ContextTrust.AttackerControlled)]
    [TestCase("github.event.pages.*.page_name", ContextTrust.AttackerControlled)]
    [TestCase("github.event.pull_request.head.sha", ContextTrust.Trusted)]
    [TestCase("github.event.pull_request.number", ContextTrust.Trusted)]
    [TestCase("github.sha", ContextTrust.Trusted)]
    [TestCase("inputs.model", ContextTrust.CallerControlled)]
    [TestCase("github.event.inputs.model", ContextTrust.CallerControlled)]
    [TestCase("steps.x.outputs.y", ContextTrust.Trusted)]
    public void Classifies_contexts(string context, ContextTrust trust) =>
        Assert.That(GitHubContexts.TrustOf(context), Is.EqualTo(trust));
}
