using KafkaRooms.Rooms.Contract;
using KafkaRooms.Rooms.Redis;

namespace KafkaRooms.RoomHistories;

/// <summary>
/// A pure, in-memory reference model of docs/rules.md: the meaning the Redis scripts must have.
/// Tombstone and pending-data expiry and the pruning of logged-out user sessions are not
/// modelled: the scripts keep each until no worker whose clock is within the max clock skew
/// can apply an event it refutes (docs/redis-schema.md, "Lifetimes and clocks"), so they change
/// no outcome; events older than the max event age are <c>expired</c> here as there.
/// </summary>
public sealed class RoomRulesModel
{
    private readonly Dictionary<RoomKey, RoomModel> _rooms = [];
    private readonly long _maxEventAgeMs;
    private readonly long _maxClockSkewMs;

    public RoomRulesModel(TimeSpan maxEventAge, TimeSpan maxClockSkew)
    {
        _maxEventAgeMs = (long)maxEventAge.TotalMilliseconds;
        _maxClockSkewMs = (long)maxClockSkew.TotalMilliseconds;
    }

    public RoomRulesModel()
        : this(TimeSpan.FromHours(24), TimeSpan.FromMinutes(5))
    {
    }

    /// <summary>The open rooms docs/rules.md defines after applying <paramref name="events"/> (in any order) at <paramref name="nowMs"/>.</summary>
    public static Dictionary<RoomKey, RoomTruth> StateAfter(IEnumerable<RoomEvent> events, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(events);
        var model = new RoomRulesModel();
        foreach (var e in events)
        {
            model.Apply(e, nowMs);
        }

        return model.OpenRooms();
    }

    /// <summary>Applies one event at <paramref name="nowMs"/>; a too-far-future event is rejected.</summary>
    public ApplyOutcome Apply(RoomEvent e, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.TimeMs > nowMs + _maxClockSkewMs)
        {
            throw new ArgumentException($"Event time {e.TimeMs} lies more than {_maxClockSkewMs} ms after {nowMs}.", nameof(e));
        }

        if (e.TimeMs < nowMs - _maxEventAgeMs)
        {
            return ApplyOutcome.Expired;
        }

        var key = new RoomKey(e.AppId, e.RoomId);
        if (!_rooms.TryGetValue(key, out var room))
        {
            room = new RoomModel();
            _rooms[key] = room;
        }

        return e.Kind switch
        {
            RoomEventKind.RoomCreated => room.Create(e.RoomSession, e.TimeMs, e.Creator ?? ""),
            RoomEventKind.RoomClosed => room.Close(e.RoomSession, e.TimeMs),
            _ => room.ApplyUser(e),
        };
    }

    /// <summary>What readers must see: every open room and its online users.</summary>
    public Dictionary<RoomKey, RoomTruth> OpenRooms()
    {
        var open = new Dictionary<RoomKey, RoomTruth>();
        foreach (var (key, room) in _rooms)
        {
            if (room.Register is { Closed: false } register)
            {
                open[key] = new RoomTruth(register.Session, register.TimeMs, register.Creator, room.OnlineUsers(register.Session));
            }
        }

        return open;
    }

    /// <summary>Compares room-register keys (t, S, rank) left to right.</summary>
    public static int CompareRoomKeys(long timeA, ulong sessionA, int rankA, long timeB, ulong sessionB, int rankB) =>
        timeA != timeB ? timeA.CompareTo(timeB)
        : sessionA != sessionB ? sessionA.CompareTo(sessionB)
        : rankA.CompareTo(rankB);

    private sealed record RoomRegister(ulong Session, long TimeMs, bool Closed, string Creator)
    {
        public int Rank => Closed ? 1 : 0;
    }

    private sealed record UserRegister(long TimeMs, int Rank, string Nickname, string Role);

    private sealed class RoomModel
    {
        // room session -> user_account -> user session -> register
        private readonly Dictionary<ulong, Dictionary<string, Dictionary<string, UserRegister>>> _users = [];

        public RoomRegister? Register { get; private set; }

        public ApplyOutcome Create(ulong session, long time, string creator)
        {
            if (Register is { } r)
            {
                if (r.Session == session)
                {
                    return r.Closed ? ApplyOutcome.Stale : ApplyOutcome.Duplicate;
                }

                if (CompareRoomKeys(r.TimeMs, r.Session, r.Rank, time, session, 0) >= 0)
                {
                    return ApplyOutcome.Stale;
                }

                if (!r.Closed)
                {
                    _users.Remove(r.Session);
                }
            }

            Register = new RoomRegister(session, time, Closed: false, creator);
            return ApplyOutcome.Applied;
        }

        public ApplyOutcome Close(ulong session, long time)
        {
            if (Register is { } r)
            {
                if (r.Session == session && r.Closed)
                {
                    return ApplyOutcome.Duplicate;
                }

                if (r.Session != session && CompareRoomKeys(r.TimeMs, r.Session, r.Rank, time, session, 1) >= 0)
                {
                    return ApplyOutcome.Stale;
                }

                if (!r.Closed)
                {
                    _users.Remove(r.Session);
                }
            }

            _users.Remove(session);
            Register = new RoomRegister(session, time, Closed: true, "");
            return ApplyOutcome.Applied;
        }

        public ApplyOutcome ApplyUser(RoomEvent e)
        {
            if (Register is { } r)
            {
                if (r.Session == e.RoomSession)
                {
                    if (r.Closed)
                    {
                        return ApplyOutcome.Stale;
                    }
                }
                else if (CompareRoomKeys(e.TimeMs, e.RoomSession, 0, r.TimeMs, r.Session, 0) < 0)
                {
                    return ApplyOutcome.Stale;
                }
            }

            if (!_users.TryGetValue(e.RoomSession, out var accounts))
            {
                accounts = [];
                _users[e.RoomSession] = accounts;
            }

            var account = e.UserAccount!;
            if (!accounts.TryGetValue(account, out var sessions))
            {
                sessions = [];
                accounts[account] = sessions;
            }

            var rank = e.Kind.Rank();
            var userSession = e.UserSession!;
            if (sessions.TryGetValue(userSession, out var existing))
            {
                var order = existing.TimeMs != e.TimeMs ? e.TimeMs.CompareTo(existing.TimeMs) : rank.CompareTo(existing.Rank);
                if (order == 0)
                {
                    return ApplyOutcome.Duplicate;
                }

                if (order < 0)
                {
                    return ApplyOutcome.Stale;
                }
            }

            sessions[userSession] = new UserRegister(e.TimeMs, rank, e.Nickname ?? "", e.Role ?? "");
            return ApplyOutcome.Applied;
        }

        public Dictionary<string, UserTruth> OnlineUsers(ulong session)
        {
            var online = new Dictionary<string, UserTruth>();
            if (!_users.TryGetValue(session, out var accounts))
            {
                return online;
            }

            foreach (var (account, sessions) in accounts)
            {
                UserTruth? latest = null;
                string? latestSession = null;
                foreach (var (userSession, register) in sessions)
                {
                    if (register.Rank == 0
                        && (latest is null || RoomHistoryGenerator.IsLater(register.TimeMs, userSession, latest.LoginTimeMs, latestSession!)))
                    {
                        latest = new UserTruth(account, register.Nickname, register.Role, register.TimeMs);
                        latestSession = userSession;
                    }
                }

                if (latest is not null)
                {
                    online[account] = latest;
                }
            }

            return online;
        }
    }
}
