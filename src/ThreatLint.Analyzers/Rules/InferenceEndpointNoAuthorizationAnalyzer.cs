using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using ThreatLint.Analyzers.Endpoints;

namespace ThreatLint.Analyzers.Rules;

/// <summary>TL5002: an endpoint that runs inference with no authorization on it, on its groups, or as the fallback policy.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InferenceEndpointNoAuthorizationAnalyzer : DiagnosticAnalyzer
{
    // A fallback policy anywhere in the compilation covers every endpoint: only its end can tell.
    internal static readonly DiagnosticDescriptor Rule = Descriptors.Create("TL5002", Catalog.Rules.InferenceEndpointNoAuthorization, compilationEnd: true);

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
            // [AllowAnonymous] / .AllowAnonymous() wins over group, controller and fallback policies.
            var authorized = (protection & Protection.Anonymous) == 0
                && ((protection & Protection.Authorized) != 0 || model.HasFallbackPolicy);
            if (!authorized)
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, endpoint.Location, endpoint.Name));
            }
        }
    }
}
