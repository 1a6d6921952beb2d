using System.Net;
using System.Text.Json;

namespace KafkaRooms.Ingest.IntegrationTests;

internal static class ProblemAssert
{
    /// <summary>The answer is problem+json with this status and, when given, names this field.</summary>
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? field = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        if (field is not null)
        {
            Assert.True(problem.TryGetProperty("field", out var named), $"no field in {body}");
            Assert.Equal(field, named.GetString());
            Assert.Contains(field, problem.GetProperty("detail").GetString());
        }

        return problem;
    }
}
