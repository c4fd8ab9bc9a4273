using ThreatLint.Documents;
using ThreatLint.Findings;

namespace ThreatLint.Core.Tests;

public class TextLinesTests
{
    [Test]
    public void CRLF_LF_and_a_lone_CR_end_lines()
    {
        var lines = new TextLines("ab\r\ncd\nef\rgh");

        Assert.Multiple(() =>
        {
            Assert.That(lines.PositionOf(0), Is.EqualTo((1, 1)));
            Assert.That(lines.PositionOf(2), Is.EqualTo((1, 3)), "the \\r of \\r\\n is still on its line");
            Assert.That(lines.PositionOf(4), Is.EqualTo((2, 1)));
            Assert.That(lines.PositionOf(8), Is.EqualTo((3, 2)));
            Assert.That(lines.PositionOf(10), Is.EqualTo((4, 1)));
            Assert.That(lines.PositionOf(-5), Is.EqualTo((1, 1)));
            Assert.That(lines.SpanOf(4, 9), Is.EqualTo(new SourceSpan(2, 1, 3, 3)));
        });
    }
}
