using System.Globalization;
using Microsoft.Extensions.Options;

namespace KafkaRooms.Ingest.Callbacks;

/// <summary>Checks what data annotations cannot: appid keys and non-empty secrets (current and next). Never echoes a secret.</summary>
internal sealed class ZegoOptionsValidator : IValidateOptions<ZegoOptions>
{
    public ValidateOptionsResult Validate(string? name, ZegoOptions options)
    {
        var failures = new List<string>();
        foreach (var (appId, app) in options.Apps)
        {
            if (!uint.TryParse(appId, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                failures.Add($"Zego:Apps:{appId}: the key must be a ZEGO appid (decimal uint32).");
            }

            if (string.IsNullOrWhiteSpace(app.CallbackSecret))
            {
                failures.Add($"Zego:Apps:{appId}:CallbackSecret is empty.");
            }

            if (app.NextCallbackSecret is not null && string.IsNullOrWhiteSpace(app.NextCallbackSecret))
            {
                failures.Add($"Zego:Apps:{appId}:NextCallbackSecret is empty: set the next secret, or remove the setting when no rotation is under way.");
            }
        }

        if (options.Apps.Count == 0 && !options.AllowUnsignedCallbacks)
        {
            failures.Add("Zego:Apps has no app: set Zego:Apps:<appid>:CallbackSecret (e.g. Zego__Apps__1__CallbackSecret), " +
                "or Zego:AllowUnsignedCallbacks=true for development.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
