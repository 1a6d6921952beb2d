using System.Text;
using KafkaRooms.Rooms.Contract;

namespace KafkaRooms.RoomHistories;

/// <summary>
/// Generates valid random histories (docs/rules.md §6): per room, lifecycles one after
/// another with increasing uint64 session ids (often above 2^53, sometimes ending at
/// <see cref="ulong.MaxValue"/>, sometimes differing only in the last digit), same-millisecond
/// re-creates, users logging in and out inside their lifecycle (one user may briefly hold two
/// user sessions), and a last lifecycle that may still be open with users online.
/// Room ids and user accounts include <c>{ } : % spaces</c>, unicode and 128-byte ids.
/// </summary>
public static class RoomHistoryGenerator
{
    private const ulong TwoPow53 = 1UL << 53;
    private const int MaxSessionStep = 1_000_000;

    private static readonly string[] Nicknames = ["Alice", "Bob", "Zoë 🎲", "a b", "{nick}", "100%", "名字", "x:y"];

    /// <summary>Generates a history whose event times lie in [baseTimeMs, baseTimeMs + about 2 minutes].</summary>
    public static RoomHistory Generate(Random random, long baseTimeMs, HistorySizes? sizes = null)
    {
        ArgumentNullException.ThrowIfNull(random);
        sizes ??= new HistorySizes();
        var events = new List<RoomEvent>();
        var truth = new Dictionary<RoomKey, RoomTruth>();
        var endTimeMs = baseTimeMs;
        for (var app = 0; app < sizes.Apps; app++)
        {
            var appId = AppId(app);
            for (var room = 0; room < sizes.RoomsPerApp; room++)
            {
                var roomEnd = GenerateRoom(random, new RoomKey(appId, RoomId(room)), baseTimeMs, sizes, events, truth);
                endTimeMs = Math.Max(endTimeMs, roomEnd);
            }
        }

        return new RoomHistory(events, truth, baseTimeMs, endTimeMs);
    }

    /// <summary>Convenience overload with a seed.</summary>
    public static RoomHistory Generate(int seed, long baseTimeMs, HistorySizes? sizes = null) =>
        Generate(new Random(seed), baseTimeMs, sizes);

    /// <summary>App ids: small ones and the uint32 maximum.</summary>
    public static uint AppId(int index) => index switch
    {
        0 => 1,
        1 => uint.MaxValue,
        _ => (uint)(1000 + index),
    };

    /// <summary>Distinct room ids per index, many of them awkward for key naming.</summary>
    public static string RoomId(int index) => (index % 8) switch
    {
        0 => $"room-{index}",
        1 => $"{{r}}:{index}",
        2 => $"a b:{{c}} {index}",
        3 => $"%41%{index} {{",
        4 => $"房间-{index}",
        5 => $"🎲:{index}}}",
        6 => Pad($"long-{index}-", RoomEventValidator.MaxRoomIdBytes),
        _ => $"{index}",
    };

    /// <summary>Distinct user accounts per index, some awkward.</summary>
    public static string UserAccount(int index) => (index % 5) switch
    {
        0 => $"u{index}",
        1 => $"user {index}:{{x}}",
        2 => $"用户{index}",
        3 => $"%u{index}}}",
        _ => Pad($"U{index}-", RoomEventValidator.MaxUserAccountBytes),
    };

    private static string Pad(string prefix, int bytes) =>
        prefix + new string('L', bytes - Encoding.UTF8.GetByteCount(prefix));

    private static long GenerateRoom(
        Random random, RoomKey key, long baseTimeMs, HistorySizes sizes, List<RoomEvent> events, Dictionary<RoomKey, RoomTruth> truth)
    {
        var lifecycles = random.Next(1, sizes.MaxLifecyclesPerRoom + 1);
        var (session, stepOne) = FirstSession(random, lifecycles);
        var openAtEnd = random.NextDouble() < sizes.OpenAtEndRate;
        var time = baseTimeMs + random.Next(0, 60_000);
        var end = time;
        for (var i = 0; i < lifecycles; i++)
        {
            if (i > 0)
            {
                session += stepOne || random.NextDouble() < 0.5 ? 1UL : (ulong)random.Next(2, MaxSessionStep);
                // A re-create often lands in the very millisecond of the close.
                time += random.NextDouble() < 0.3 ? 0 : random.Next(1, 2_000);
            }

            var create = time;
            var open = openAtEnd && i == lifecycles - 1;
            var close = create + (random.NextDouble() < 0.1 ? 0 : random.Next(1, 10_000));
            var creator = UserAccount(random.Next(0, 10));
            events.Add(new RoomEvent
            {
                Kind = RoomEventKind.RoomCreated,
                AppId = key.AppId,
                RoomId = key.RoomId,
                RoomSession = session,
                TimeMs = create,
                Creator = creator,
                ReceivedMs = create,
            });

            var online = GenerateUsers(random, key, session, create, close, open, sizes.MaxUsersPerLifecycle, events);
            if (open)
            {
                truth[key] = new RoomTruth(session, create, creator, online);
            }
            else
            {
                events.Add(new RoomEvent
                {
                    Kind = RoomEventKind.RoomClosed,
                    AppId = key.AppId,
                    RoomId = key.RoomId,
                    RoomSession = session,
                    TimeMs = close,
                    CloseReason = (uint)random.Next(0, 2),
                    ReceivedMs = close,
                });
            }

            time = close;
            end = Math.Max(end, close);
        }

        return end;
    }

    private static (ulong First, bool StepOne) FirstSession(Random random, int lifecycles)
    {
        var roll = random.NextDouble();
        if (roll < 0.1)
        {
            // The last lifecycle ends exactly at the uint64 maximum.
            return (ulong.MaxValue - (ulong)(lifecycles - 1), true);
        }

        ulong first = roll switch
        {
            < 0.35 => (ulong)random.NextInt64(1, 1_000_000),
            < 0.55 => 858012925204410400UL + (ulong)random.NextInt64(0, 1_000),
            < 0.85 => TwoPow53 + (ulong)random.NextInt64(0, 1L << 40),
            _ => ulong.MaxValue - (ulong)(lifecycles * MaxSessionStep) - (ulong)random.NextInt64(0, 1L << 50),
        };
        return (first, false);
    }

    private static Dictionary<string, UserTruth> GenerateUsers(
        Random random, RoomKey key, ulong session, long from, long to, bool open, int maxUsers, List<RoomEvent> events)
    {
        var online = new Dictionary<string, UserTruth>();
        var accounts = random.Next(0, maxUsers + 1);
        var firstAccount = random.Next(0, 10);
        for (var a = 0; a < accounts; a++)
        {
            var account = UserAccount(firstAccount + a);
            var sessions = random.Next(1, 4);
            var cursor = from;
            UserTruth? latest = null;
            string? latestSession = null;
            for (var s = 0; s < sessions && cursor <= to; s++)
            {
                var login = cursor + random.NextInt64(0, Math.Min(to - cursor, 3_000) + 1);
                var userSession = random.NextDouble() < 0.8
                    ? random.NextInt64(1, long.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture)
                    : $"dev {s}:{{{a}}}";
                var nickname = Nicknames[random.Next(Nicknames.Length)];
                var role = random.Next(1, 3).ToString(System.Globalization.CultureInfo.InvariantCulture);
                events.Add(UserEvent(RoomEventKind.UserLoggedIn, key, session, login, account, userSession, nickname, role));

                var logsOut = random.NextDouble() < (open ? (s == sessions - 1 ? 0.4 : 0.8) : 0.9);
                if (logsOut)
                {
                    var logout = login + random.NextInt64(0, to - login + 1);
                    events.Add(UserEvent(RoomEventKind.UserLoggedOut, key, session, logout, account, userSession, null, null));
                    // Sometimes the next session starts before this one ended: a re-login from another device.
                    cursor = random.NextDouble() < 0.3 ? login + random.NextInt64(0, logout - login + 1) : logout;
                }
                else
                {
                    var candidate = new UserTruth(account, nickname, role, login);
                    if (latest is null || IsLater(login, userSession, latest.LoginTimeMs, latestSession!))
                    {
                        latest = candidate;
                        latestSession = userSession;
                    }

                    cursor = login;
                }
            }

            if (open && latest is not null)
            {
                online[account] = latest;
            }
        }

        return online;
    }

    /// <summary>The listed session of a user: latest login time, then the ordinally greater user session id.</summary>
    public static bool IsLater(long loginA, string sessionA, long loginB, string sessionB) =>
        loginA != loginB ? loginA > loginB : Utf8Ordinal.Compare(sessionA, sessionB) > 0;

    private static RoomEvent UserEvent(
        RoomEventKind kind, RoomKey key, ulong session, long time, string account, string userSession, string? nickname, string? role) =>
        new()
        {
            Kind = kind,
            AppId = key.AppId,
            RoomId = key.RoomId,
            RoomSession = session,
            TimeMs = time,
            UserAccount = account,
            UserSession = userSession,
            Nickname = nickname,
            Role = role,
            Reason = kind == RoomEventKind.UserLoggedOut ? "0" : null,
            ReceivedMs = time,
        };
}
