using System.Net;
using System.Text;

namespace KafkaRooms.ReadApi.IntegrationTests;

/// <summary>One Server-Sent Event as a client sees it: a block of lines up to an empty line.</summary>
internal sealed record ServerSentEvent(string? Id, string? Event, string? Data, IReadOnlyList<string> Comments);

/// <summary>A client of GET /v1/apps/{appid}/changes, reading the text/event-stream line by line.</summary>
internal sealed class EventStream : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private EventStream(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    /// <summary>The open stream, or null with the answer when it is not 200.</summary>
    public static async Task<(EventStream? Stream, HttpResponseMessage Response)> OpenAsync(HttpClient client, string path, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (lastEventId is not null)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (null, response);
        }

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync(), Encoding.UTF8);
        return (new EventStream(response, reader), response);
    }

    /// <summary>Opens a stream that must be 200; its first event is the start (an id only).</summary>
    public static async Task<(EventStream Stream, string StartId)> OpenOkAsync(HttpClient client, string path, string? lastEventId = null)
    {
        var (stream, response) = await OpenAsync(client, path, lastEventId);
        if (stream is null)
        {
            Assert.Fail($"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        var start = await stream.NextAsync();
        Assert.True(start.Id is not null && start.Event is null && start.Data is null, $"the stream starts with an id only: {start}");
        return (stream, start.Id);
    }

    /// <summary>The next event (comments before it included); fails after 30 s or at the end of the stream.</summary>
    public async Task<ServerSentEvent> NextAsync()
    {
        string? id = null, name = null, data = null;
        var comments = new List<string>();
        var seen = false;
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            var line = await _reader.ReadLineAsync(timeout.Token);
            Assert.True(line is not null, "the event stream ended");
            if (line.Length == 0)
            {
                if (seen)
                {
                    return new ServerSentEvent(id, name, data, comments);
                }

                continue;
            }

            seen = true;
            if (line.StartsWith(':'))
            {
                comments.Add(line[1..].TrimStart());
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
            switch (field)
            {
                case "id": id = value; break;
                case "event": name = value; break;
                case "data": data = data is null ? value : data + "\n" + value; break;
            }
        }
    }

    /// <summary>The next event that is a change (heartbeat comments skipped).</summary>
    public async Task<ServerSentEvent> NextChangeAsync()
    {
        while (true)
        {
            var next = await NextAsync();
            if (next.Event is not null)
            {
                return next;
            }
        }
    }

    /// <summary>Whether the server ends the stream within 30 s (reading what comes before the end).</summary>
    public async Task<List<string>> CommentsUntilEndAsync()
    {
        var comments = new List<string>();
        using var timeout = new CancellationTokenSource(Patience);
        while (await _reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith(':'))
            {
                comments.Add(line[1..].TrimStart());
            }
        }

        return comments;
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
