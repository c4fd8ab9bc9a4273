using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using ThreatLint.Analyzers.Endpoints;

namespace ThreatLint.Analyzers.Rules;

/// <summary>
/// TL5001 and TL5002: an endpoint that runs inference with no rate limiter, or no authorization, on it, on its groups,
/// or globally. One analyzer for both because both read the same <see cref="EndpointModel"/>, which costs an operation
/// walk of the whole compilation: built once here, not once per rule.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InferenceEndpointAnalyzer : DiagnosticAnalyzer
{
    // A global limiter or a fallback policy anywhere in the compilation covers every endpoint: only its end can tell.
    internal static readonly DiagnosticDescriptor NoRateLimit = Descriptors.Create("TL5001", Catalog.Rules.InferenceEndpointNoRateLimit, compilationEnd: true);

    internal static readonly DiagnosticDescriptor NoAuthorization = Descriptors.Create("TL5002", Catalog.Rules.InferenceEndpointNoAuthorization, compilationEnd: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(NoRateLimit, NoAuthorization);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start => EndpointModel.Register(start, Report));
    }

    private static void Report(CompilationAnalysisContext context, EndpointModel model)
    {
        foreach (var (endpoint, protection, properties) in model.InferenceEndpoints())
        {
            // DisableRateLimiting turns off the global limiter too.
            var limited = (protection & Protection.RateLimitingDisabled) == 0
                && ((protection & Protection.RateLimited) != 0 || model.HasGlobalLimiter);

            // [AllowAnonymous] / .AllowAnonymous() wins over group, controller and fallback policies.
            var authorized = (protection & Protection.Anonymous) == 0
                && ((protection & Protection.Authorized) != 0 || model.HasFallbackPolicy);
            if (!limited)
            {
                context.ReportDiagnostic(Diagnostic.Create(NoRateLimit, endpoint.Location, properties, endpoint.Name));
            }

            if (!authorized)
            {
                context.ReportDiagnostic(Diagnostic.Create(NoAuthorization, endpoint.Location, properties, endpoint.Name));
            }
        }
    }
}
