namespace ThreatLint.ThreatModel.Extractors;

/// <summary>
/// Feast feature stores (<c>feature_store.yaml</c>): the store, its offline and online stores, and the pipelines and
/// model servers that read features from it.
/// </summary>
internal sealed class FeatureStoreExtractor : IComponentExtractor
{
    public void Extract(ExtractionInput input, ModelDraft draft)
    {
        foreach (var (path, file) in input.Repository.YamlFiles)
        {
            if (!path.EndsWith("feature_store.yaml", StringComparison.Ordinal) && !path.EndsWith("feature_store.yml", StringComparison.Ordinal))
            {
                continue;
            }

            if (file.Roots.FirstOrDefault() is not { } root || root["project"]?.Text is not { } project)
            {
                continue;
            }

            var online = root["online_store"]?["type"]?.Text ?? root["online_store"]?.Text;
            var id = draft.Add(ComponentKind.FeatureStore, "Feast " + project, TrustZone.Training, path, 0, 0, "provider " + (root["provider"]?.Text ?? "local") + (online is null ? string.Empty : ", online store " + online));
            if (root["offline_store"]?["type"]?.Text is { } offline)
            {
                draft.Flow(draft.Add(ComponentKind.DataSource, "Offline store (" + offline + ")", TrustZone.Training, path, root["offline_store"]!.Line), id, "feature data");
            }

            // The pipelines that read the store's buckets (registry, offline staging) read its features.
            var buckets = new List<string>();
            foreach (var uri in new[] { (root["registry"]?["path"] ?? root["registry"])?.Text, root["offline_store"]?["s3_staging_location"]?.Text, root["offline_store"]?["path"]?.Text })
            {
                if (uri is not null && Uris.IsUri(uri))
                {
                    var bucket = Storage.Data(draft, uri);
                    draft.Flow(bucket, id, "feature data");
                    buckets.Add(bucket);
                }
            }

            foreach (var flow in draft.Flows.Where(f => buckets.Contains(f.From) && f.To != id).ToList())
            {
                draft.Flow(id, flow.To, draft.Get(flow.To).Kind == ComponentKind.ModelServer ? "online features" : "training features");
            }
        }
    }
}
