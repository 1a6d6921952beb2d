using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using KafkaRooms.Rooms.Zego;

namespace KafkaRooms.FakeZego;

/// <summary>
/// One callback body as ZEGO writes it: string values URL-encoded (form-style), numbers as raw
/// JSON number tokens (so uint64 values stay exact), signed with the app's callback secret.
/// Fields keep the order they were added in; setting a field again replaces it.
/// </summary>
public sealed class ZegoCallback
{
    // Each field is (name, raw JSON token or form value, isNumber).
    private readonly List<(string Name, string Value, bool IsNumber)> _fields = [];
    private readonly string _secret;

    internal ZegoCallback(string eventName, uint appId, string secret)
    {
        _secret = secret;
        Text("event", eventName);
        Number("appid", appId.ToString(CultureInfo.InvariantCulture));
    }

    public static long NowMs => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public ZegoCallback Text(string name, string value) => Set(name, value, isNumber: false);

    /// <summary>A JSON number token (or, in a form, the same digits).</summary>
    public ZegoCallback Number(string name, string token) => Set(name, token, isNumber: true);

    public ZegoCallback Without(string name)
    {
        _fields.RemoveAll(f => f.Name == name);
        return this;
    }

    /// <summary>
    /// Adds timestamp, nonce and signature, computed with the app's secret unless
    /// <paramref name="secret"/> is given (a wrong one, in tests of refusals).
    /// </summary>
    public ZegoCallback Signed(string? secret = null, long? timestampSeconds = null, string? nonce = null)
    {
        var timestamp = (timestampSeconds ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds()).ToString(CultureInfo.InvariantCulture);
        nonce ??= Random.Shared.NextInt64(1, long.MaxValue).ToString(CultureInfo.InvariantCulture);
        return Number("timestamp", timestamp).Text("nonce", nonce)
            .Text("signature", ZegoSignature.Compute(secret ?? _secret, timestamp, nonce));
    }

    public string ToJson()
    {
        var body = new StringBuilder("{");
        foreach (var (name, value, isNumber) in _fields)
        {
            if (body.Length > 1)
            {
                body.Append(',');
            }

            body.Append('"').Append(name).Append("\":");
            if (isNumber)
            {
                body.Append(value);
            }
            else
            {
                // URL-encoding leaves only safe ASCII, so no JSON escaping is needed.
                body.Append('"').Append(WebUtility.UrlEncode(value)).Append('"');
            }
        }

        return body.Append('}').ToString();
    }

    public string ToForm() =>
        string.Join('&', _fields.Select(f => $"{WebUtility.UrlEncode(f.Name)}={WebUtility.UrlEncode(f.Value)}"));

    public HttpContent AsJson() => Content(ToJson(), "application/json");

    public HttpContent AsForm() => Content(ToForm(), "application/x-www-form-urlencoded");

    public static HttpContent Content(string body, string? mediaType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (mediaType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);
        }

        return content;
    }

    private ZegoCallback Set(string name, string value, bool isNumber)
    {
        _fields.RemoveAll(f => f.Name == name);
        _fields.Add((name, value, isNumber));
        return this;
    }
}
