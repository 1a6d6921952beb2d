using System.Globalization;
using KafkaRooms.ReadApi.Rooms;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KafkaRooms.ReadApi;

/// <summary>The {appid} of a path: decimal uint32 (else 400), and one this API serves (else 404).</summary>
internal static class AppIds
{
    public static ParameterFault? Fault(string text, out uint appId) =>
        uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out appId)
            ? null
            : new ParameterFault("appid", "must be an unsigned 32-bit integer in decimal");

    public static ProblemHttpResult? Unknown(uint appId, ReadApiOptions options) =>
        options.Serves(appId) ? null : ReadProblems.UnknownApp(appId);
}
