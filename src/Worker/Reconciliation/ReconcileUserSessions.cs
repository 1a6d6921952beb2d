using System.Globalization;

namespace KafkaRooms.Worker.Reconciliation;

/// <summary>
/// The user session of a corrective login: "reconcile:&lt;first observation ms&gt;", never one ZEGO
/// assigns (ZEGO's are decimal numbers), so a later reconciliation knows which user sessions it
/// opened and can log exactly those out (docs/rules.md §8).
/// </summary>
internal static class ReconcileUserSessions
{
    public const string Prefix = "reconcile:";

    public static string For(long firstObservedMs) => Prefix + firstObservedMs.ToString(CultureInfo.InvariantCulture);

    public static bool IsReconcile(string userSession) => userSession.StartsWith(Prefix, StringComparison.Ordinal);
}
