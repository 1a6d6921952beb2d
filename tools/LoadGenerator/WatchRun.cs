using System.Net;

namespace KafkaRooms.LoadGenerator;

/// <summary>
/// `make watch`: an app's change feed (GET /v1/apps/{appid}/changes, docs/change-feed.md) printed
/// live, one line per change. A dropped stream is resumed from the last id it gave, so nothing is
/// missed or repeated; a 410 (changes trimmed while away) is said, and the watch goes on from now.
/// </summary>
internal sealed class WatchRun(LoadOptions options, HttpClient read, TextWriter output)
{
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(1);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var path = $"v1/apps/{options.AppId}/changes" + (options.FromEarliest ? "?from=earliest" : "");
        output.WriteLine($"watching {new Uri(read.BaseAddress!, path)} (times in UTC; Ctrl-C stops)");
        string? lastId = null;
        var connected = false;
        var lostSaid = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                if (lastId is not null)
                {
                    request.Headers.TryAddWithoutValidation("Last-Event-ID", lastId);
                }

                using var response = await read.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                if (response.StatusCode == HttpStatusCode.Gone)
                {
                    output.WriteLine($"-- {await response.Content.ReadAsStringAsync(cancellationToken)}");
                    output.WriteLine("-- changes were missed while away; watching from now");
                    lastId = null;
                    continue;
                }

                if (response.StatusCode != HttpStatusCode.OK)
                {
                    output.WriteLine($"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
                    return 1;
                }

                connected = true;
                lostSaid = false;
                lastId = await PrintAsync(await response.Content.ReadAsStreamAsync(cancellationToken), lastId, cancellationToken);
                output.WriteLine("-- the stream ended; resuming from the last change");
            }
            catch (HttpRequestException ex) when (!connected)
            {
                output.WriteLine($"the read API at {read.BaseAddress} does not answer ({ex.Message}); is `make run` up?");
                return 1;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
            {
                // Said once per outage; the retries every second go on quietly.
                if (!lostSaid)
                {
                    output.WriteLine($"-- connection lost ({ex.Message}); retrying, then resuming from the last change");
                    lostSaid = true;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            try
            {
                await Task.Delay(Pause, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return 0;
    }

    // Reads events (blocks of lines up to an empty line) until the stream ends; returns the last id.
    private async Task<string?> PrintAsync(Stream body, string? lastId, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(body);
        string? id = null, kind = null, data = null;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                // An event counts once its block is whole: only then is its id where to resume.
                lastId = id ?? lastId;
                if (kind is not null && data is not null)
                {
                    output.WriteLine(ChangeLine.Format(kind, data));
                }

                (id, kind, data) = (null, null, null);
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
            switch (colon < 0 ? line : line[..colon])
            {
                case "id": id = value; break;
                case "event": kind = value; break;
                case "data": data = value; break;
            }
        }

        return lastId;
    }
}
