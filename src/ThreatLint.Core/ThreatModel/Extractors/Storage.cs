namespace ThreatLint.ThreatModel.Extractors;

/// <summary>Model and data storage named by URIs, shared by the extractors so one bucket is one component.</summary>
internal static class Storage
{
    /// <summary>The registry or bucket a model URI points at (<c>s3://models</c>, <c>Hugging Face Hub</c>, <c>MLflow</c>).</summary>
    public static string Registry(ModelDraft draft, string uri)
    {
        var scheme = Uris.Scheme(uri);
        return scheme switch
        {
            "hf" => Hub(draft, "Hugging Face Hub"),
            "models" or "runs" => draft.Add(ComponentKind.ModelRegistry, "MLflow", TrustZone.Registries),
            "http" or "https" => draft.Add(ComponentKind.ModelRegistry, Uris.Location(uri), TrustZone.ThirdParty, detail: "download over " + scheme),
            _ => draft.FindByName(Uris.Location(uri)) ?? draft.Add(ComponentKind.ModelRegistry, Uris.Location(uri), TrustZone.Registries),
        };
    }

    /// <summary>A data source named by a URI: buckets are the platform's, web URLs a third party's.</summary>
    public static string Data(ModelDraft draft, string uri)
    {
        var scheme = Uris.Scheme(uri);
        return scheme switch
        {
            "hf" => Hub(draft, "Hugging Face Hub"),
            "http" or "https" => draft.Add(ComponentKind.DataSource, Uris.Location(uri), TrustZone.ThirdParty, detail: "download over " + scheme),
            _ => draft.FindByName(Uris.Location(uri)) ?? draft.Add(ComponentKind.DataSource, Uris.Location(uri), TrustZone.Training),
        };
    }

    public static string Hub(ModelDraft draft, string name) => draft.Add(ComponentKind.ModelHub, name, TrustZone.ThirdParty);
}
