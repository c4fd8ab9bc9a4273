namespace ThreatLint.ThreatModel.Extractors;

/// <summary>Storage and data URIs as the report may show them: scheme and location, never credentials or query strings.</summary>
internal static class Uris
{
    private static readonly string[] Schemes = ["s3://", "gs://", "gcs://", "az://", "abfs://", "abfss://", "wasbs://", "hf://", "oci://", "pvc://", "http://", "https://", "models:/", "runs:/", "dbfs:/"];

    public static bool IsUri(string text) => Schemes.Any(s => text.StartsWith(s, StringComparison.OrdinalIgnoreCase));

    /// <summary><c>s3://bucket/a/b?x</c> becomes <c>s3://bucket</c>; user info is dropped.</summary>
    public static string Location(string uri)
    {
        var text = uri.Trim();
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            schemeEnd = text.IndexOf(":/", StringComparison.Ordinal);
            return schemeEnd < 0 ? text : text.Substring(0, schemeEnd + 2) + FirstSegment(text.Substring(schemeEnd + 2));
        }

        var scheme = text.Substring(0, schemeEnd + 3);
        var rest = text.Substring(schemeEnd + 3);
        var host = FirstSegment(rest);
        var at = host.LastIndexOf('@');
        return scheme.ToLowerInvariant() + (at >= 0 ? host.Substring(at + 1) : host);
    }

    public static string Scheme(string uri)
    {
        var end = uri.IndexOf(':');
        return end < 0 ? string.Empty : uri.Substring(0, end).ToLowerInvariant();
    }

    private static string FirstSegment(string text)
    {
        var end = text.IndexOfAny(['/', '?', '#']);
        return end < 0 ? text : text.Substring(0, end);
    }
}
