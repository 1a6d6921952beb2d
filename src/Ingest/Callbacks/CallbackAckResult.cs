using System.Text.Json;

namespace KafkaRooms.Ingest.Callbacks;

/// <summary>
/// The 200 answer, <c>{"code":0}</c> (<see cref="CallbackAck"/>), serialized once at start and
/// written as it is with its length: every accepted callback gets the same bytes, so none pays
/// for a serializer run (docs/benchmarks.md, "Ingest").
/// </summary>
internal sealed class CallbackAckResult : IResult, IStatusCodeHttpResult, IValueHttpResult<CallbackAck>, IContentTypeHttpResult
{
    public static readonly CallbackAckResult Success = new();

    private static readonly byte[] Body = JsonSerializer.SerializeToUtf8Bytes(CallbackAck.Success, IngestJsonContext.Default.CallbackAck);

    private CallbackAckResult()
    {
    }

    public int? StatusCode => StatusCodes.Status200OK;

    public CallbackAck Value => CallbackAck.Success;

    /// <summary>What the JSON result writes for a JSON body.</summary>
    public string ContentType => "application/json; charset=utf-8";

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.ContentLength = Body.Length;
        return response.Body.WriteAsync(Body, 0, Body.Length, httpContext.RequestAborted);
    }
}
