using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using KafkaRooms.Rooms.Zego;
using Microsoft.Extensions.Options;

namespace KafkaRooms.Worker.Reconciliation;

/// <summary>
/// DescribeUserList (docs/reconciliation.md, "Calling ZEGO"): signed GET requests, paged with
/// Marker until it comes back empty, each page paced by the app's budget. Anything but a complete,
/// well-formed list with Code 0 on every page is a failure, so a broken answer can never look
/// like an empty room. Its own HttpClient, which logs nothing: a request URL carries a signature.
/// </summary>
internal sealed class ZegoServerApiClient : IDisposable
{
    private static readonly int[] RateLimitCodes = [7, 206];

    private readonly HttpClient _http;
    private readonly ServerApiOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ReconciliationMetrics _metrics;

    public ZegoServerApiClient(IOptions<ServerApiOptions> options, TimeProvider timeProvider, ReconciliationMetrics metrics)
    {
        _options = options.Value;
        _timeProvider = timeProvider;
        _metrics = metrics;
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = _options.BaseUrl,
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>Every user ZEGO lists in the room now, or the first failure.</summary>
    public async Task<UserListAnswer> DescribeUserListAsync(
        uint appId, string serverSecret, string roomId, RequestPacer pacer, CancellationToken cancellationToken)
    {
        var users = new Dictionary<string, ListedUser>(StringComparer.Ordinal);
        var marker = "";
        var observedMs = 0L;
        for (var page = 0; page < _options.MaxPagesPerRoom; page++)
        {
            await pacer.WaitAsync(roomId, cancellationToken).ConfigureAwait(false);
            if (page == 0)
            {
                observedMs = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
            }

            var (outcome, data, detail) = await PageAsync(appId, serverSecret, roomId, marker, cancellationToken).ConfigureAwait(false);
            pacer.Answered(roomId);
            _metrics.Called(appId, outcome.ToWireName());
            if (outcome != CallOutcome.Ok)
            {
                return UserListAnswer.Failed(outcome, detail, observedMs);
            }

            foreach (var user in data!.UserList!)
            {
                users.TryAdd(user!.UserId!, new ListedUser(user.UserId!, user.UserName ?? "", user.UserRole ?? 0));
            }

            if (data.Marker!.Length == 0)
            {
                return new UserListAnswer(CallOutcome.Ok, [.. users.Values], "", observedMs);
            }

            if (data.Marker == marker)
            {
                return UserListAnswer.Failed(CallOutcome.Malformed, "Data.Marker did not advance", observedMs);
            }

            marker = data.Marker;
        }

        return UserListAnswer.Failed(CallOutcome.TooLarge, $"more than Zego:ServerApi:MaxPagesPerRoom ({_options.MaxPagesPerRoom}) pages", observedMs);
    }

    private async Task<(CallOutcome Outcome, UserListData? Data, string Detail)> PageAsync(
        uint appId, string serverSecret, string roomId, string marker, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            using var response = await _http.GetAsync(RequestUri(appId, serverSecret, roomId, marker), HttpCompletionOption.ResponseHeadersRead, timeout.Token)
                .ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return (CallOutcome.RateLimited, null, "HTTP 429");
            }

            if (!response.IsSuccessStatusCode)
            {
                return (CallOutcome.HttpError, null, $"HTTP {(int)response.StatusCode}");
            }

            var body = await ReadLimitedAsync(response.Content, timeout.Token).ConfigureAwait(false);
            return body is null
                ? (CallOutcome.TooLarge, null, $"answer larger than Zego:ServerApi:MaxResponseBytes ({_options.MaxResponseBytes})")
                : Parse(body);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (CallOutcome.Timeout, null, $"no answer within {_options.Timeout}");
        }
        catch (HttpRequestException ex)
        {
            return (CallOutcome.TransportError, null, ex.HttpRequestError.ToString());
        }
    }

    private string RequestUri(uint appId, string serverSecret, string roomId, string marker)
    {
        var nonce = ZegoApiSignature.NewNonce();
        var timestamp = _timeProvider.GetUtcNow().ToUnixTimeSeconds();
        var signature = ZegoApiSignature.Compute(appId, nonce, serverSecret, timestamp);
        return string.Create(CultureInfo.InvariantCulture,
            $"?Action=DescribeUserList&AppId={appId}&SignatureNonce={nonce}&Timestamp={timestamp}&SignatureVersion={ZegoApiSignature.Version}" +
            $"&Signature={signature}&RoomId={Uri.EscapeDataString(roomId)}&Mode=0&Limit={_options.PageSize}&Marker={Uri.EscapeDataString(marker)}");
    }

    // The body, or null when it is larger than the limit (read no further than that).
    private async Task<byte[]?> ReadLimitedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > _options.MaxResponseBytes)
        {
            return null;
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var body = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (body.Length + read > _options.MaxResponseBytes)
            {
                return null;
            }

            body.Write(buffer, 0, read);
        }

        return body.ToArray();
    }

    private static (CallOutcome Outcome, UserListData? Data, string Detail) Parse(byte[] body)
    {
        ServerApiAnswer? answer;
        try
        {
            answer = JsonSerializer.Deserialize(body, ServerApiJsonContext.Default.ServerApiAnswer);
        }
        catch (JsonException ex)
        {
            return (CallOutcome.Malformed, null, $"not JSON of ZEGO's answer format: {ex.Message}");
        }

        if (answer?.Code is not { } code)
        {
            return (CallOutcome.Malformed, null, "no Code");
        }

        if (code != 0)
        {
            var outcome = RateLimitCodes.Contains(code) ? CallOutcome.RateLimited : CallOutcome.ApiError;
            return (outcome, null, $"Code {code}: {Printable(answer.Message)}");
        }

        // An empty list means an empty room, so nothing less than a complete page may look like one.
        if (answer.Data is not { UserList: { } list, Marker: not null } data)
        {
            return (CallOutcome.Malformed, null, "Code 0 without Data.UserList and Data.Marker");
        }

        return list.Any(user => string.IsNullOrEmpty(user?.UserId))
            ? (CallOutcome.Malformed, null, "a user without UserId")
            : (CallOutcome.Ok, data, "");
    }

    // ZEGO's message as a log value: printable, short.
    private static string Printable(string? message)
    {
        var text = new StringBuilder();
        foreach (var c in (message ?? "").Take(200))
        {
            text.Append(char.IsControl(c) ? '?' : c);
        }

        return text.ToString();
    }

    public void Dispose() => _http.Dispose();
}
