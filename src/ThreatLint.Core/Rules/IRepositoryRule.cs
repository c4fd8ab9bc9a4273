namespace ThreatLint.Rules;

/// <summary>
/// A rule whose evidence spans files: it runs once per scan, after every file was parsed and checked, over the
/// documents of the scanned files (an Ingress in one manifest exposes a model server declared in another).
/// </summary>
public interface IRepositoryRule : IRule
{
    void Check(Repository repository, RepositoryContext context);
}
