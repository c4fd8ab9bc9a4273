using ThreatLint.Analyzers.Rules;

namespace ThreatLint.Analyzers.Tests;

/// <summary>TL5010 rag-search-without-access-filter.</summary>
public sealed class RagSearchWithoutAccessFilterTests
{
    private const string Usings = """
        using System.Linq;
        using System.Security.Claims;
        using System.Threading.Tasks;
        using Azure.Search.Documents;
        using Azure.Search.Documents.Models;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.VectorData;

        var app = WebApplication.CreateBuilder(args).Build();

        """;

    private const string Types = """

        public sealed class Doc
        {
            [VectorStoreKey] public string Id { get; set; } = "";
            [VectorStoreData] public string TenantId { get; set; } = "";
            [VectorStoreData] public bool IsPublic { get; set; }
            [VectorStoreVector(1536)] public ReadOnlyMemory<float> Embedding { get; set; }
        }
        """;

    private static Verify.AnalyzerVerification<RagSearchWithoutAccessFilterAnalyzer> Analyze(string program) =>
        Verify.Analyzer<RagSearchWithoutAccessFilterAnalyzer>(Usings + program + Types).AsProgram();

    [Test]
    public async Task Fires_on_Azure_search_without_a_filter() => await Analyze("""
        app.MapGet("/a", async (string q, SearchClient search) => (await search.{|TL5010:SearchAsync|}<Doc>(q)).Value.TotalCount);
        app.MapGet("/b", (string q, SearchClient search) => search.{|TL5010:Search|}<Doc>(q, new SearchOptions { Size = 3 }).Value.TotalCount);
        """);

    [Test]
    public async Task Fires_on_a_constant_filter() => await Analyze("""
        app.MapGet("/a", (string q, SearchClient search) => search.{|TL5010:Search|}<Doc>(q, new SearchOptions { Filter = "IsPublic eq true" }).Value.TotalCount);
        """);

    [Test]
    public async Task Fires_on_a_vector_search_filtered_on_the_record_alone() => await Analyze("""
        app.MapPost("/a", async (ReadOnlyMemory<float> query, VectorStoreCollection<string, Doc> docs) =>
        {
            var options = new VectorSearchOptions<Doc> { Filter = d => d.IsPublic };
            return await docs.{|TL5010:SearchAsync|}(query, 5, options).CountAsync();
        });
        """);

    [Test]
    public async Task Silent_with_a_filter_from_the_caller() => await Analyze("""
        app.MapGet("/a", (string q, ClaimsPrincipal user, SearchClient search) =>
            search.Search<Doc>(q, new SearchOptions { Filter = SearchFilter.Create($"TenantId eq {user.FindFirstValue("tid")}") }).Value.TotalCount);
        app.MapPost("/b", async (ReadOnlyMemory<float> query, string tenant, VectorStoreCollection<string, Doc> docs) =>
        {
            var options = new VectorSearchOptions<Doc>();
            options.Filter = d => d.TenantId == tenant;
            return await docs.SearchAsync(query, 5, options).CountAsync();
        });
        """);

    [Test]
    public async Task Silent_in_a_controller_using_User() => await Analyze("""
        app.Run();

        public sealed class SearchController(SearchClient search) : ControllerBase
        {
            public long? Get(string q) => search.Search<Doc>(q, new SearchOptions { Filter = $"TenantId eq '{User.FindFirstValue("tid")}'" }).Value.TotalCount;
        }
        """);

    [Test]
    public async Task Silent_off_request_paths() => await Analyze("""
        app.Run();

        sealed class Indexer(SearchClient search)
        {
            public long? Count() => search.Search<Doc>("*").Value.TotalCount;
        }
        """);

    [Test]
    public async Task Catalog_example_fails_once_and_its_fix_passes()
    {
        var example = Catalog.Rules.RagSearchWithoutAccessFilter.Example!;

        var failing = await Verify.Diagnostics<RagSearchWithoutAccessFilterAnalyzer>(example.Failing);
        var passing = await Verify.Diagnostics<RagSearchWithoutAccessFilterAnalyzer>(example.Passing);

        Assert.That(failing.Select(d => d.Id), Is.EqualTo(new[] { "TL5010" }));
        Assert.Multiple(() =>
        {
            Assert.That(failing[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture), Does.StartWith("SearchClient.SearchAsync searches the document store"));
            Assert.That(passing, Is.Empty);
        });
    }
}
