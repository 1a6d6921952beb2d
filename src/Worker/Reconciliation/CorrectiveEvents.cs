using System.Globalization;
using KafkaRooms.Rooms.Contract;
using KafkaRooms.Rooms.Reading;

namespace KafkaRooms.Worker.Reconciliation;

/// <summary>A confirmed difference and the contract event that corrects it.</summary>
internal sealed record Correction(RoomDifference Difference, RoomEvent Event);

/// <summary>
/// Turns confirmed differences into ordinary contract events (docs/rules.md §8), for the lifecycle
/// the first observation saw, dated by that observation so any newer real event wins by the
/// ordinary rules. An ending event is never dated before what it ends (our clock may run behind
/// ZEGO's): a close not before the room's last event, a logout not before its user session's
/// login, or the register would keep the older state.
/// </summary>
internal static class CorrectiveEvents
{
    public static (List<Correction> Valid, List<(RoomDifference Difference, RoomEventViolation Violation)> Invalid) Build(
        uint appId, string roomId, RoomObservation first, IReadOnlyList<RoomDifference> confirmed, DateTimeOffset now, TimeSpan maxClockSkew)
    {
        var valid = new List<Correction>();
        var invalid = new List<(RoomDifference, RoomEventViolation)>();
        var room = first.State.Room;
        var received = now.ToUnixTimeMilliseconds();
        foreach (var difference in confirmed)
        {
            foreach (var roomEvent in EventsOf(appId, roomId, room, difference, first.TimeMs, received))
            {
                if (RoomEventValidator.Validate(roomEvent, now, maxClockSkew) is { } violation)
                {
                    invalid.Add((difference, violation));
                }
                else
                {
                    valid.Add(new Correction(difference, InformationalFields.Clean(roomEvent)));
                }
            }
        }

        return (valid, invalid);
    }

    private static IEnumerable<RoomEvent> EventsOf(uint appId, string roomId, RoomSummaryView room, RoomDifference difference, long observedMs, long receivedMs)
    {
        switch (difference.Kind)
        {
            case DifferenceKind.RoomGone:
                yield return new RoomEvent
                {
                    Kind = RoomEventKind.RoomClosed, AppId = appId, RoomId = roomId, RoomSession = room.RoomSession,
                    TimeMs = Math.Max(observedMs, room.LastEventMs), ReceivedMs = receivedMs,
                };
                break;
            case DifferenceKind.UserMissing:
                var listed = difference.Listed!;
                yield return new RoomEvent
                {
                    Kind = RoomEventKind.UserLoggedIn, AppId = appId, RoomId = roomId, RoomSession = room.RoomSession, TimeMs = observedMs,
                    UserAccount = listed.UserId, UserSession = ReconcileUserSessions.For(observedMs),
                    Nickname = listed.UserName, Role = listed.UserRole.ToString(CultureInfo.InvariantCulture), ReceivedMs = receivedMs,
                };
                break;
            default:
                foreach (var session in difference.Sessions)
                {
                    yield return new RoomEvent
                    {
                        Kind = RoomEventKind.UserLoggedOut, AppId = appId, RoomId = roomId, RoomSession = room.RoomSession,
                        TimeMs = Math.Max(observedMs, session.LoginTimeMs), UserAccount = session.UserAccount, UserSession = session.UserSession,
                        ReceivedMs = receivedMs,
                    };
                }

                break;
        }
    }
}
