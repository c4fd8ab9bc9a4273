namespace ThreatLint.Documents.Properties;

/// <summary>
/// A TorchServe <c>config.properties</c>: a properties file that sets at least one TorchServe key. The keys rules
/// read are named here once.
/// </summary>
public sealed class TorchServeConfig
{
    /// <summary>Keys only TorchServe uses; one of them makes a properties file a TorchServe configuration.</summary>
    private static readonly string[] Keys =
    [
        "inference_address", "management_address", "metrics_address", "model_store", "load_models", "allowed_urls",
        "enable_token_authorization", "disable_token_authorization", "enable_model_api", "grpc_inference_port",
        "grpc_management_port", "default_workers_per_model", "job_queue_size", "install_py_dep_per_model",
        "cors_allowed_origin", "max_request_size", "max_response_size", "number_of_netty_threads", "enable_envvars_config",
    ];

    private TorchServeConfig(PropertiesFile file) => File = file;

    public PropertiesFile File { get; }

    public PropertyEntry? InferenceAddress => File.Get("inference_address");

    public PropertyEntry? ManagementAddress => File.Get("management_address");

    public PropertyEntry? AllowedUrls => File.Get("allowed_urls");

    public PropertyEntry? MaxRequestSize => File.Get("max_request_size");

    public PropertyEntry? CorsAllowedOrigin => File.Get("cors_allowed_origin");

    /// <summary>
    /// True when token authorization is turned off (<c>disable_token_authorization=true</c> or
    /// <c>enable_token_authorization=false</c>), false when turned on, null when the file leaves it to the version's
    /// default (on from TorchServe 0.11, off before).
    /// </summary>
    public bool? TokenAuthorization =>
        IsTrue(File.Get("disable_token_authorization")) ? false
        : IsFalse(File.Get("enable_token_authorization")) ? false
        : IsTrue(File.Get("enable_token_authorization")) ? true
        : IsFalse(File.Get("disable_token_authorization")) ? true
        : null;

    /// <summary>False when <c>enable_model_api=false</c> turns model registration off.</summary>
    public bool ModelApiDisabled => IsFalse(File.Get("enable_model_api"));

    /// <summary>The TorchServe view of a properties file, or null when it sets no TorchServe key.</summary>
    public static TorchServeConfig? Of(PropertiesFile file) =>
        file.Entries.Any(e => Array.IndexOf(Keys, e.Key) >= 0) ? new TorchServeConfig(file) : null;

    /// <summary>True when an address (<c>http://0.0.0.0:8081</c>, <c>https://[::]:8443</c>, <c>unix:/…</c>) listens beyond the host.</summary>
    public static bool IsNonLoopback(string address)
    {
        var host = HostOf(address);
        return host.Length > 0 && host is not ("127.0.0.1" or "localhost" or "::1" or "[::1]") && !address.StartsWith("unix:", StringComparison.Ordinal);
    }

    /// <summary>The host of <c>scheme://host:port</c>.</summary>
    public static string HostOf(string address)
    {
        var rest = address.Trim();
        var scheme = rest.IndexOf("://", StringComparison.Ordinal);
        rest = scheme >= 0 ? rest.Substring(scheme + 3) : rest;
        if (rest.StartsWith("[", StringComparison.Ordinal))
        {
            var close = rest.IndexOf(']');
            return close > 0 ? rest.Substring(0, close + 1) : rest;
        }

        var end = rest.IndexOfAny([':', '/']);
        return end >= 0 ? rest.Substring(0, end) : rest;
    }

    private static bool IsTrue(PropertyEntry? entry) => entry?.Value.Trim().Equals("true", StringComparison.OrdinalIgnoreCase) == true;

    private static bool IsFalse(PropertyEntry? entry) => entry?.Value.Trim().Equals("false", StringComparison.OrdinalIgnoreCase) == true;
}
