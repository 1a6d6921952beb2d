using System.Globalization;
using Microsoft.Extensions.Options;

namespace KafkaRooms.Worker.Reconciliation;

/// <summary>
/// What data annotations cannot say about the reconciler's settings: appid keys, the base URL's
/// scheme, and settings that depend on each other. Never echoes a secret.
/// </summary>
internal sealed class ReconciliationOptionsValidator(IOptions<ZegoAppsOptions> apps, IOptions<ServerApiOptions> serverApi)
    : IValidateOptions<ReconciliationOptions>
{
    public ValidateOptionsResult Validate(string? name, ReconciliationOptions options)
    {
        var failures = new List<string>();
        var api = serverApi.Value;
        foreach (var appId in apps.Value.Apps.Keys.Where(key => !uint.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            failures.Add($"Zego:Apps:{appId}: the key must be a ZEGO appid (decimal uint32).");
        }

        if (api.BaseUrl is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"Zego:ServerApi:BaseUrl ({api.BaseUrl}) must be an absolute http(s) URL.");
        }

        if (options.GracePeriod < api.RoomRequestInterval)
        {
            failures.Add($"Reconciliation:GracePeriod ({options.GracePeriod}) must be at least Zego:ServerApi:RoomRequestInterval ({api.RoomRequestInterval}).");
        }

        if (options.BackoffMax < options.BackoffBase)
        {
            failures.Add($"Reconciliation:BackoffMax ({options.BackoffMax}) must be at least Reconciliation:BackoffBase ({options.BackoffBase}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
