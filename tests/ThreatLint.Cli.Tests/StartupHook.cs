// A .NET startup hook (DOTNET_STARTUP_HOOKS) for CSharpScanTests: the runtime looks for this exact type, unnamespaced,
// in the assembly named by the variable. It prints the assemblies a threatlint process loaded when it exits.
#pragma warning disable CA1050 // The runtime requires the type in the global namespace.
internal static class StartupHook
#pragma warning restore CA1050
{
    public static void Initialize()
    {
        if (Environment.GetEnvironmentVariable("THREATLINT_TEST_LIST_ASSEMBLIES") != "1")
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => Console.Error.WriteLine(
            "loaded: " + string.Join(",", AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name).Order(StringComparer.Ordinal)));
    }
}
