using Microsoft.Build.Evaluation;
using Microsoft.Build.Execution;
using Microsoft.Build.Framework;

namespace ThreatLint.MSBuild.Testing;

/// <summary>Runs targets of a project in this process, through the MSBuild that Microsoft.Build.Locator registered.</summary>
public static class InProcessBuild
{
    public static BuildOutcome Run(string projectFile, string target, IDictionary<string, string>? globalProperties = null)
    {
        var logger = new CollectingLogger();
        using var collection = new ProjectCollection(globalProperties ?? new Dictionary<string, string>());
        var instance = new ProjectInstance(projectFile, globalProperties ?? new Dictionary<string, string>(), null, collection);
        var parameters = new BuildParameters(collection) { Loggers = [logger], DisableInProcNode = false, EnableNodeReuse = false };
        var result = BuildManager.DefaultBuildManager.Build(parameters, new BuildRequestData(instance, [target]));
        return new BuildOutcome(result.OverallResult == BuildResultCode.Success, logger.Events);
    }

    private sealed class CollectingLogger : ILogger
    {
        public List<LoggedEvent> Events { get; } = [];

        public LoggerVerbosity Verbosity { get; set; } = LoggerVerbosity.Diagnostic;

        public string? Parameters { get; set; }

        public void Initialize(IEventSource eventSource)
        {
            eventSource.WarningRaised += (_, e) => Add(new LoggedEvent("warning", e.Code, e.File, e.LineNumber, e.ColumnNumber, e.Message, e.HelpLink));
            eventSource.ErrorRaised += (_, e) => Add(new LoggedEvent("error", e.Code, e.File, e.LineNumber, e.ColumnNumber, e.Message, e.HelpLink));
            eventSource.MessageRaised += (_, e) => Add(new LoggedEvent("message", e.Code, e.File, e.LineNumber, e.ColumnNumber, e.Message, null));
        }

        public void Shutdown()
        {
        }

        private void Add(LoggedEvent e)
        {
            lock (Events)
            {
                Events.Add(e);
            }
        }
    }
}
