using System.Net;
using KafkaRooms.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace KafkaRooms.ServiceDefaults.IntegrationTests;

/// <summary>A client's fault is answered with its 4xx as problem+json, in every service; a server's fault stays 500.</summary>
public sealed class ClientFaultTests
{
    private const int BodyLimit = 16;

    [Fact]
    public async Task A_body_over_the_limit_is_413_problem_json()
    {
        await using var service = await StartAsync();

        var response = await service.Client.PostAsync("/limited-body", new StringContent(new string('x', 10 * BodyLimit)));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("too large", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n")]
    [InlineData("Transfer-Encoding: chunked\r\n\r\n5\r\nhelloXX0\r\n\r\n")]
    public async Task Broken_chunked_framing_is_400_problem_json(string headersAndBody)
    {
        await using var service = await StartAsync();

        var response = await RawHttp.SendAsync(service.BaseAddress, "POST", "/body", headersAndBody);

        ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.OK, (await service.Client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task A_parameter_minimal_apis_cannot_bind_is_400_problem_json_even_in_development()
    {
        // In Development minimal APIs throw BadHttpRequestException instead of answering 400 themselves.
        await using var service = await StartAsync(environment: "Development");

        var response = await service.Client.GetAsync("/number?n=abc");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("int n", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fault_of_the_service_itself_stays_a_500_problem_json()
    {
        await using var service = await StartAsync();

        var response = await service.Client.GetAsync("/server-fault");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.InternalServerError);
        Assert.DoesNotContain("a bug of ours", problem.ToString(), StringComparison.Ordinal);
    }

    private static Task<WebService> StartAsync(string environment = "Testing") =>
        TestService.StartAsync($"http://127.0.0.1:{FreePorts.Next()}", app =>
        {
            app.MapPost("/limited-body", async (HttpContext http) =>
            {
                http.Features.GetRequiredFeature<IHttpMaxRequestBodySizeFeature>().MaxRequestBodySize = BodyLimit;
                using var reader = new StreamReader(http.Request.Body);
                return Results.Text(await reader.ReadToEndAsync());
            });
            app.MapPost("/body", async (HttpContext http) =>
            {
                using var reader = new StreamReader(http.Request.Body);
                return Results.Text(await reader.ReadToEndAsync());
            });
            app.MapGet("/number", (int n) => n);
            app.MapGet("/server-fault", string () => throw new InvalidOperationException("a bug of ours"));
        }, environment: environment);
}
