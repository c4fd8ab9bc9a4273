using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using ThreatLint.Analyzers.Endpoints;

namespace ThreatLint.Analyzers.Rules;

/// <summary>TL5001: an endpoint that runs inference with no rate limiter on it, on its groups, or globally.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InferenceEndpointNoRateLimitAnalyzer : DiagnosticAnalyzer
{
    // A global limiter anywhere in the compilation covers every endpoint: only its end can tell.
    internal static readonly DiagnosticDescriptor Rule = Descriptors.Create("TL5001", Catalog.Rules.InferenceEndpointNoRateLimit, compilationEnd: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start => EndpointModel.Register(start, Report));
    }

    private static void Report(CompilationAnalysisContext context, EndpointModel model)
    {
        foreach (var (endpoint, protection) in model.InferenceEndpoints())
        {
            // DisableRateLimiting turns off the global limiter too.
            var limited = (protection & Protection.RateLimitingDisabled) == 0
                && ((protection & Protection.RateLimited) != 0 || model.HasGlobalLimiter);
            if (!limited)
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, endpoint.Location, endpoint.Name));
            }
        }
    }
}
