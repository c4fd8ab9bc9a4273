#!/usr/bin/env python3
"""Counts, per ThreatLint rule that reads Dockerfiles, the positive Dockerfile cases its tests check.

Read from the test sources, so the figure can be checked (and moves with the tests), not typed by hand:
- in the rule's test class (tests/ThreatLint.Core.Tests/Rules/**/<RuleClass>Tests.cs), every [TestCase] row
  and every plain [Test] of a test method about findings on a Dockerfile: in a class that also tests Python,
  the methods named "Dockerfile_…"; every method whose name does not say it is about silence or what is not
  reported ("silent", "not_fire", "does_not", "not_reported", "Ignores", "Leaves"), nor about fingerprints,
  messages or the catalog example (counted apart by other tests);
- the '# expect: TLxxxx@line' entries for the rule in the firing Dockerfile fixtures.
Each counted case is a distinct input the rule must fire on (a flag spelling, an instruction form, a file
layout). It is a proxy for the number of distinct things a rule detects, not an exact count of them.

Usage: rule_cases.py REPO RULE_ID...   prints one JSON object {rule id: [test cases, fixture findings]}.
"""

import glob
import json
import os
import re
import sys

NEGATIVE = re.compile(r"silent|not_fire|does_not|not_reported|are_not|^Ignores|^Leaves|Fingerprint|^No_message|Catalog_example", re.IGNORECASE)
METHOD = re.compile(r"^\s*public\s+(?:async\s+\S+|void)\s+(\w+)\s*\(")


def rule_classes(repo):
    """Rule id -> class name, from the registry's rule files (each names its descriptor Catalog.Rules.<Name>)."""
    catalog = open(os.path.join(repo, "src/ThreatLint.Catalog/Rules.cs"), encoding="utf-8").read()
    ids = {}
    for name, rule_id in re.findall(r"public static RuleDescriptor (\w+)\s*\{\s*get;\s*\}\s*=\s*new\(\s*\"(TL\d{4})\"", catalog):
        ids[name] = rule_id
    if not ids:  # other declaration style: Name = new("TL1234", ...)
        for name, rule_id in re.findall(r"(\w+)\s*=\s*new(?:\s+RuleDescriptor)?\(\s*\"(TL\d{4})\"", catalog):
            ids[name] = rule_id
    classes = {}
    for path in glob.glob(os.path.join(repo, "src/ThreatLint.Core/Rules/**/*.cs"), recursive=True):
        text = open(path, encoding="utf-8").read()
        for cls, descriptor in re.findall(r"class (\w+)\b[^{]*\{.*?Descriptor => Catalog\.Rules\.(\w+);", text, re.DOTALL):
            if descriptor in ids:
                classes[ids[descriptor]] = cls
    return classes


def test_cases(path):
    # A class that also tests Python names its Dockerfile tests "Dockerfile_…".
    dockerfile_prefix = re.search(r"public\s+void\s+Dockerfile_", open(path, encoding="utf-8").read()) is not None
    count = 0
    pending_cases = 0
    pending_test = False
    for line in open(path, encoding="utf-8"):
        stripped = line.strip()
        if stripped.startswith("[TestCase("):
            pending_cases += 1
        elif stripped.startswith("[Test]"):
            pending_test = True
        method = METHOD.match(line)
        if method:
            name = method.group(1)
            positive = (name.startswith("Dockerfile_") or not dockerfile_prefix) and not NEGATIVE.search(name)
            if positive:
                count += pending_cases or (1 if pending_test else 0)
            pending_cases = 0
            pending_test = False
    return count


def fixture_findings(repo, rule_id):
    total = 0
    for path in glob.glob(os.path.join(repo, "tests/ThreatLint.Core.Tests/Fixtures/Dockerfiles/fires/*")):
        for line in open(path, encoding="utf-8", errors="replace"):
            if line.startswith("# expect:"):
                total += len(re.findall(re.escape(rule_id) + r"@", line))
    return total


def main():
    repo, wanted = sys.argv[1], sys.argv[2:]
    classes = rule_classes(repo)
    result = {}
    for rule_id in wanted:
        cls = classes.get(rule_id)
        files = glob.glob(os.path.join(repo, "tests/ThreatLint.Core.Tests/Rules/**/" + cls + "Tests.cs"), recursive=True) if cls else []
        cases = sum(test_cases(f) for f in files)
        result[rule_id] = [cases, fixture_findings(repo, rule_id)]
    print(json.dumps(result))


if __name__ == "__main__":
    main()
