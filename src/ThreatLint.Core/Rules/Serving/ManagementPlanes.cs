using ThreatLint.Rules.SupplyChain;

namespace ThreatLint.Rules.Serving;

/// <summary>A management plane a command line opens: the word to report at and what an attacker does with it.</summary>
internal sealed record ManagementPlane(int Word, string Plane, string Message);

/// <summary>
/// Management and admin planes that launch flags open to everyone, read from a command line (Dockerfile CMD and
/// ENTRYPOINT, container argv, compose commands): Triton explicit model control, the Ray dashboard and Jobs API,
/// an MLflow tracking server without authentication, Jupyter with an empty token.
/// </summary>
internal static class ManagementPlanes
{
    public static IEnumerable<ManagementPlane> Of(CommandLine line)
    {
        var triton = line.IndexOfProgram("tritonserver");
        if (triton >= 0 && line.Flag("--model-control-mode") is { Value: "explicit" } control)
        {
            yield return new ManagementPlane(control.Index, "triton",
                "tritonserver --model-control-mode=explicit: anyone who reaches its HTTP/gRPC port can load, unload or replace any model of the repository (POST /v2/repository/models/<name>/load)");
        }

        var ray = line.IndexOfProgram("ray", "start");
        if (ray >= 0 && line.Flag("--dashboard-host") is { } dashboard && IsAllInterfaces(dashboard.Value))
        {
            yield return new ManagementPlane(dashboard.Index, "ray-dashboard",
                "Ray dashboard bound to " + dashboard.Value + " (--dashboard-host): anyone who reaches port " + (line.Flag("--dashboard-port")?.Value ?? "8265") + " can submit jobs through the Jobs API and run code on the cluster (ShadowRay)");
        }

        var mlflow = line.IndexOfProgram("mlflow", "server");
        mlflow = mlflow >= 0 ? mlflow : line.IndexOfProgram("mlflow", "ui");
        if (mlflow >= 0 && line.Flag("--host", "-h") is { } host && IsAllInterfaces(host.Value)
            && line.Flag("--app-name")?.Value != "basic-auth")
        {
            yield return new ManagementPlane(host.Index, "mlflow",
                "mlflow server --host " + host.Value + " without --app-name basic-auth: anyone who reaches it can read and overwrite runs, artifacts and registered models");
        }

        var jupyter = Math.Max(line.IndexOfProgram("jupyter"), Math.Max(line.IndexOfProgram("jupyter-lab"), line.IndexOfProgram("jupyter-notebook")));
        if (jupyter >= 0)
        {
            var ip = line.Flag("--ip", "--ServerApp.ip", "--NotebookApp.ip");
            var token = line.Flag("--NotebookApp.token", "--ServerApp.token", "--IdentityProvider.token");
            var password = line.Flag("--NotebookApp.password", "--ServerApp.password", "--PasswordIdentityProvider.hashed_password");
            if (ip is { } bound && IsAllInterfaces(bound.Value) && token is { Value: "" or "''" or "\"\"" } empty && password is null or { Value: "" or "''" })
            {
                yield return new ManagementPlane(empty.Index, "jupyter",
                    "Jupyter bound to " + bound.Value + " with an empty token: anyone who reaches port " + (line.Flag("--port", "--ServerApp.port", "--NotebookApp.port")?.Value ?? "8888") + " runs code in the notebook server");
            }
        }
    }

    public static bool IsAllInterfaces(string host) => host is "0.0.0.0" or "::" or "[::]" or "*" or "";
}
