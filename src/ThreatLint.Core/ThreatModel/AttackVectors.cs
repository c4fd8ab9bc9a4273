using ThreatLint.Catalog;

namespace ThreatLint.ThreatModel;

/// <summary>
/// How an attacker uses what each rule finds, in one sentence: the "attack vector" column of the threat tables.
/// Kept apart from the catalog because it is report prose, not rule metadata; a test checks every rule has one.
/// </summary>
public static class AttackVectors
{
    private static readonly Dictionary<string, string> ByRule = new(StringComparer.Ordinal)
    {
        ["TL1001"] = "Whoever can replace the file runs code on every host that loads the model.",
        ["TL1002"] = "An unreviewed callable in a pickle can be a gadget that runs code at load time.",
        ["TL1003"] = "A tampered copy of this file runs code when loaded, with no change to the loader.",
        ["TL1004"] = "A swapped or poisoned model goes unnoticed: nothing checks it before it is served.",
        ["TL1005"] = "A crafted Keras layer runs Python when the model is loaded.",
        ["TL1006"] = "Loading the model reads files outside its folder or loads a native library.",
        ["TL1007"] = "Rendering the chat template escapes to Python and runs commands on the server.",
        ["TL1010"] = "The hub owner (or whoever takes over the name) changes the model you pull next build.",
        ["TL1011"] = "Code shipped with the hub model runs in your process at load time.",
        ["TL1012"] = "A man in the middle or a compromised mirror substitutes the downloaded model or data.",
        ["TL1013"] = "A malicious checkpoint runs code through the unsafe loader.",
        ["TL2001"] = "Unmetered queries let anyone exhaust GPU capacity or extract the model by volume.",
        ["TL2002"] = "Anyone who reaches the management API registers a model of their choice and runs its code.",
        ["TL2003"] = "Anyone on the network queries the model, exfiltrates outputs and drives cost.",
        ["TL2004"] = "A registration request loads a model from an attacker's URL.",
        ["TL2005"] = "A burst of large requests starves the node and every workload on it.",
        ["TL2006"] = "Oversized requests or generations tie up the server and run up cost.",
        ["TL2007"] = "Prompts and predictions with personal data land in logs readable by more people.",
        ["TL2008"] = "A compromised model server escapes to the node and the cluster.",
        ["TL2009"] = "Model weights fetched over plain HTTP or from public buckets can be replaced in transit or at rest.",
        ["TL2010"] = "Anyone with read access to the repository uses the AI service key.",
        ["TL2011"] = "Any web page can call the endpoint with the visitor's credentials.",
        ["TL3001"] = "A moved tag on a third-party action runs new code inside the pipeline.",
        ["TL3002"] = "A fork's pull request runs its code with the repository's secrets and write token.",
        ["TL3003"] = "A crafted issue title or branch name injects shell commands into the job.",
        ["TL3004"] = "A compromised step uses the broad token to push code, packages or releases.",
        ["TL3005"] = "Consumers cannot tell a published model from one an attacker pushed.",
        ["TL3006"] = "Poisoned training data enters the model unnoticed.",
        ["TL3007"] = "Secrets leak through the pipeline file or its logs.",
        ["TL3008"] = "A look-alike package from another index runs code during install.",
        ["TL3009"] = "A moved image tag changes what the pipeline step runs.",
        ["TL3010"] = "A fork's pull request runs on the GPU runner and persists there.",
        ["TL4001"] = "A code-execution bug in the served model gives the attacker root in the container.",
        ["TL4002"] = "A moved or hijacked base image tag changes what the next build ships.",
        ["TL4003"] = "Whoever controls the script's URL runs code in the image build.",
        ["TL4004"] = "Remote content added without a checksum can be swapped on the server.",
        ["TL4005"] = "Anyone who pulls the image reads the secret from its layers.",
        ["TL4006"] = "An exposed admin or debug port gives control of the model server or notebook.",
        ["TL4007"] = "Without TLS verification a man in the middle replaces what the build downloads.",
        ["TL5001"] = "Scripted requests exhaust the model's capacity or extract it by volume.",
        ["TL5002"] = "Anonymous callers use the model and read what it returns.",
        ["TL5003"] = "A crafted serialized payload runs code when the model or state is deserialized.",
        ["TL5004"] = "A request or download chooses which model file the server loads.",
        ["TL5005"] = "Text the caller controls rewrites the system instructions (prompt injection).",
        ["TL5006"] = "Model output an attacker steers through the prompt reaches a dangerous sink.",
        ["TL5007"] = "Requests force long generations that run up latency and cost.",
        ["TL5008"] = "Anyone with the source or the binary uses the AI service key.",
        ["TL5009"] = "Full score vectors make model extraction and membership inference cheap.",
        ["TL5010"] = "Any caller retrieves documents they are not allowed to read, through the chatbot.",
        ["TL5011"] = "A prompt injection makes the agent run processes, write files or fetch URLs.",
        ["TL5012"] = "Prompts and completions with confidential data end up in logs.",
        ["TL9001"] = "A file that could not be read was not checked.",
        ["TL9002"] = "A file that hit a scan bound was not fully checked.",
        ["TL9003"] = "A broken configuration may silence or misdirect findings.",
        ["TL9004"] = "A stale suppression may hide a future finding.",
    };

    /// <summary>The attack vector for a rule; the rule's title when none is written.</summary>
    public static string For(RuleDescriptor rule) => ByRule.TryGetValue(rule.Id, out var text) ? text : rule.Title + ".";

    /// <summary>Whether a rule has its own sentence (tests check that every rule does).</summary>
    public static bool Has(string ruleId) => ByRule.ContainsKey(ruleId);
}
