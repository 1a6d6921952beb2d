using System.Net;
using System.Text.Json;
using Xunit;

namespace KafkaRooms.Testing.Http;

public static class ProblemAssert
{
    /// <summary>The answer is problem+json with this status and, when given, names this field.</summary>
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? field = null) =>
        IsProblem((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync(), status, field);

    /// <inheritdoc cref="IsProblemAsync"/>
    public static JsonElement IsProblem(RawResponse response, HttpStatusCode status, string? field = null) =>
        IsProblem(response.Status, response.MediaType, response.Body, status, field);

    private static JsonElement IsProblem(int actualStatus, string? mediaType, string body, HttpStatusCode status, string? field)
    {
        Assert.True(actualStatus == (int)status, $"expected {(int)status}, got {actualStatus}: {body}");
        Assert.Equal("application/problem+json", mediaType);
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
