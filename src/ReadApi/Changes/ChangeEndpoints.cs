using KafkaRooms.ReadApi.Rooms;
using KafkaRooms.Rooms.Reading;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace KafkaRooms.ReadApi.Changes;

/// <summary>
/// GET /v1/apps/{appid}/changes: the app's change feed as Server-Sent Events (docs/read-api.md).
/// Everything that can be wrong is answered before the stream starts: 400 (appid, cursor,
/// Last-Event-ID, from), 404 (an app not served), 410 (a cursor whose changes are gone), 503 (too
/// many clients, or Redis down). Once streaming, it ends only when the client leaves, the process
/// stops, or changes the client has not read are gone (its reconnect then gets the 410).
/// </summary>
internal static class ChangeEndpoints
{
    public static async Task<IResult> StreamAsync(
        string appid, HttpContext http, ChangeFeedReader feed, FeedClientSlots slots, IOptions<ReadApiOptions> options, IHostApplicationLifetime lifetime)
    {
        var (query, fault) = ChangeFeedQuery.Parse(http.Request);
        if ((AppIds.Fault(appid, out var appId) ?? fault) is { } first)
        {
            return ReadProblems.BadRequest(first);
        }

        if (AppIds.Unknown(appId, options.Value) is { } unknown)
        {
            return unknown;
        }

        using var slot = slots.TryTake();
        if (slot is null)
        {
            http.Response.Headers.RetryAfter = "5";
            return ReadProblems.TooManyFeedClients(slots.Max);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        ChangeSubscription subscription;
        try
        {
            subscription = await feed.OpenAsync(appId, query!.Start, stop.Token);
        }
        catch (InvalidChangeCursorException ex)
        {
            return ReadProblems.BadRequest(new ParameterFault(query!.Field, ex.Problem));
        }
        catch (ChangeCursorExpiredException ex)
        {
            return ReadProblems.CursorExpired(query!.Field, appId, ex.Message);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return ReadProblems.RedisUnavailable();
        }

        await using (subscription)
        {
            await StreamAsync(http, subscription, options.Value.FeedHeartbeat, stop.Token);
        }

        return Results.Empty;
    }

    private static async Task StreamAsync(HttpContext http, ChangeSubscription subscription, TimeSpan heartbeat, CancellationToken stop)
    {
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        var body = http.Response.BodyWriter;
        ServerSentEvents.WriteStart(body, subscription.StartCursor);
        var changes = subscription.ReadAllAsync(stop).GetAsyncEnumerator(stop);
        Task<bool>? pending = null;
        try
        {
            var next = changes.MoveNextAsync();
            while (true)
            {
                if (!next.IsCompleted)
                {
                    // Changes that came together went out in one write; now wait, saying alive meanwhile.
                    await body.FlushAsync(stop);
                    pending = next.AsTask();
                    while (!await ArrivesWithinAsync(pending, heartbeat, stop))
                    {
                        ServerSentEvents.WriteHeartbeat(body);
                        await body.FlushAsync(stop);
                    }

                    next = new ValueTask<bool>(pending);
                    pending = null;
                }

                if (!await next)
                {
                    break;
                }

                ServerSentEvents.WriteChange(body, changes.Current);
                next = changes.MoveNextAsync();
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The client left or the process stops.
            await DisposeAsync(changes, pending);
            return;
        }
        catch (ChangeCursorExpiredException ex)
        {
            ServerSentEvents.WriteEnd(body, $"changes not yet sent are gone ({ex.Message}); reconnect to be told how to go on");
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            ServerSentEvents.WriteEnd(body, "Redis did not answer; reconnect with the last id to resume");
        }

        await DisposeAsync(changes, pending);
        await body.FlushAsync(CancellationToken.None);
    }

    // An enumerator cannot be disposed while a MoveNextAsync runs: that one ends first (cancelled with the stream).
    private static async Task DisposeAsync(IAsyncEnumerator<RoomChange> changes, Task<bool>? pending)
    {
        if (pending is not null)
        {
            try
            {
                await pending;
            }
            catch (Exception ex) when (ex is OperationCanceledException or ChangeCursorExpiredException or RedisException or TimeoutException)
            {
                // Already answered or no longer of interest.
            }
        }

        await changes.DisposeAsync();
    }

    private static async Task<bool> ArrivesWithinAsync(Task<bool> pending, TimeSpan heartbeat, CancellationToken stop)
    {
        try
        {
            await pending.WaitAsync(heartbeat, stop);
            return true;
        }
        catch (TimeoutException) when (!pending.IsCompleted)
        {
            return false;
        }
    }
}
