namespace ThreatLint.Catalog;

/// <summary>How bad a finding is. Ordered: a gate at <see cref="Medium"/> also fails on High and Critical.</summary>
public enum Severity
{
    Low = 1,
    Medium = 2,
    High = 3,
    Critical = 4,
}

/// <summary>How sure a detector is that the evidence means what the rule says.</summary>
public enum Confidence
{
    Low = 1,
    Medium = 2,
    High = 3,
}

/// <summary>STRIDE threat categories a rule realises.</summary>
[Flags]
public enum Stride
{
    None = 0,
    Spoofing = 1,
    Tampering = 2,
    Repudiation = 4,
    InformationDisclosure = 8,
    DenialOfService = 16,
    ElevationOfPrivilege = 32,
}

/// <summary>The family a rule belongs to, from the first digit of its id.</summary>
public enum RuleFamily
{
    ModelSupplyChain = 1,
    ModelServing = 2,
    Pipelines = 3,
    ContainerImages = 4,
    CSharpCode = 5,
    Scan = 9,
}

/// <summary>Whether a rule has a detector yet. Planned rules are documented but never reported.</summary>
public enum RuleStatus
{
    Planned,
    Implemented,
}
