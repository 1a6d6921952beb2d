using System.Text;
using Microsoft.AspNetCore.Http;

namespace KafkaRooms.FakeZego.ServerApi;

/// <summary>The answers of <see cref="ServerApiFault"/>: what a broken or hostile server API might send.</summary>
internal static class ServerApiFaults
{
    // Larger than any sane page: 200 users with 256-byte names are about 60 KB.
    private const int HugeBytes = 8 * 1024 * 1024;

    public static async Task WriteAsync(HttpContext http, ServerApiFault fault)
    {
        switch (fault)
        {
            case ServerApiFault.HttpError:
                http.Response.StatusCode = StatusCodes.Status500InternalServerError;
                await http.Response.WriteAsync("internal error");
                break;
            case ServerApiFault.RateLimited:
                await DescribeUserListHandler.WriteAsync(http, DescribeUserListHandler.RateLimitCode, "rate limited", data: null);
                break;
            case ServerApiFault.TooManyRequests:
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                break;
            case ServerApiFault.Malformed:
                http.Response.ContentType = "application/json";
                await http.Response.WriteAsync("{\"Code\":0,\"Message\":\"success\",\"Data\":{\"Marker\":\"\",\"UserList\":[{\"UserId\":");
                break;
            case ServerApiFault.Huge:
                await WriteHugeAsync(http);
                break;
            case ServerApiFault.ErrorCode:
                await DescribeUserListHandler.WriteAsync(http, 1, "server busy", data: null);
                break;
            case ServerApiFault.MissingUserList:
                await DescribeUserListHandler.WriteAsync(http, 0, "success", data => data.WriteString("Marker", ""));
                break;
            case ServerApiFault.WrongTypes:
                http.Response.ContentType = "application/json";
                await http.Response.WriteAsync("{\"Code\":0,\"Message\":\"success\",\"Data\":{\"Marker\":\"\",\"UserList\":[{\"UserId\":42,\"UserName\":\"n\",\"UserRole\":1}]}}");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(fault), fault, null);
        }
    }

    // A well-formed answer whose one user name is megabytes long, streamed without a length.
    private static async Task WriteHugeAsync(HttpContext http)
    {
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync("{\"Code\":0,\"Message\":\"success\",\"Data\":{\"Marker\":\"\",\"UserList\":[{\"UserId\":\"u\",\"UserName\":\"");
        var chunk = Encoding.ASCII.GetBytes(new string('x', 64 * 1024));
        for (var written = 0; written < HugeBytes; written += chunk.Length)
        {
            await http.Response.Body.WriteAsync(chunk);
        }

        await http.Response.WriteAsync("\",\"UserRole\":0}]}}");
    }
}
