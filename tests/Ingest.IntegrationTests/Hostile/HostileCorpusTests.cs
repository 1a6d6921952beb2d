using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace KafkaRooms.Ingest.IntegrationTests.Hostile;

/// <summary>
/// Every case of the corpus against one running Ingest: the expected 4xx, problem+json naming
/// the field when the application answers, nothing written to Kafka, no second answer read out
/// of a request's body, no error or stack trace in the log, and the service still healthy.
/// </summary>
[Collection(IngestCollection.Name)]
public sealed class HostileCorpusTests(HostileServerFixture fixture)
{
    public static TheoryData<string> CaseNames => [.. HostileCorpus.All.Keys];

    [Fact]
    public void The_corpus_holds_at_least_100_requests() => Assert.True(HostileCorpus.All.Count >= 100, $"{HostileCorpus.All.Count} cases");

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Is_refused_with_a_4xx_and_nothing_is_published(string caseName)
    {
        var hostile = HostileCorpus.All[caseName];
        var server = fixture.Server;
        var logsBefore = server.Logs.Entries.Count;

        var answer = await hostile.Send(server.BaseAddress, server.Client);

        Assert.True(answer.Status == hostile.Status, $"expected {hostile.Status}, got {answer.Status}: {answer.Body}\n"
            + string.Join('\n', server.Logs.Entries.Skip(logsBefore).Select(e => $"{e.Level} {e.Category}: {e.Text}")));
        Assert.Equal(0, answer.BytesAfter);
        if (answer.Status != 0 && !hostile.ByKestrel)
        {
            AssertProblem(answer, hostile);
        }

        if (answer.Status == 0)
        {
            // Nothing tells the client when the server has finished with a closed connection.
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        Assert.Equal(0, fixture.Topic.MessageCount());
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/healthz")).StatusCode);
        var logged = server.Logs.Entries.Skip(logsBefore).ToList();
        Assert.DoesNotContain(logged, e => e.Level >= LogLevel.Error);
        Assert.DoesNotContain(logged, e => e.Text.Contains("   at ", StringComparison.Ordinal));
        if (hostile.Field is not null)
        {
            // A client's fault the application sees is one warning line, naming the field.
            var warnings = logged.Where(e => e.Level == LogLevel.Warning && e.Category.StartsWith("KafkaRooms", StringComparison.Ordinal)).ToList();
            var warning = Assert.Single(warnings);
            Assert.Contains(hostile.Status == 401 ? "401" : hostile.Field, warning.Text);
        }
    }

    private static void AssertProblem(RawAnswer answer, HostileCase hostile)
    {
        Assert.StartsWith("application/problem+json", answer.ContentType);
        var problem = JsonDocument.Parse(answer.Body).RootElement;
        Assert.Equal(hostile.Status, problem.GetProperty("status").GetInt32());
        if (hostile.Field is not null)
        {
            Assert.Equal(hostile.Field, problem.GetProperty("field").GetString());
            Assert.StartsWith(hostile.Field, problem.GetProperty("detail").GetString());
        }
    }
}
