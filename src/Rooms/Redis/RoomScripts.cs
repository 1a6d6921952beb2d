using System.Reflection;
using StackExchange.Redis;

namespace KafkaRooms.Rooms.Redis;

/// <summary>
/// The rule scripts, prepared once. <see cref="LuaScript"/> sends EVALSHA and falls back to
/// EVAL on NOSCRIPT, so a Redis that forgot its scripts (restart, SCRIPT FLUSH) is harmless.
/// </summary>
internal static class RoomScripts
{
    public static LuaScript RoomCreated { get; } = Load("room_created.lua");

    public static LuaScript RoomClosed { get; } = Load("room_closed.lua");

    public static LuaScript UserLoggedIn { get; } = Load("user_event.lua", "user_logged_in.lua");

    public static LuaScript UserLoggedOut { get; } = Load("user_event.lua", "user_logged_out.lua");

    public static LuaScript ReadRoom { get; } = Prepare(Read("read_room.lua"));

    /// <summary>Rooms of one bucket with their online counts; KEYS and ARGV vary, so raw text (cached as EVALSHA by the client).</summary>
    public static string ReadRoomsOfBucket { get; } = Read("read_rooms.lua");

    private static LuaScript Load(params string[] files) =>
        Prepare(Read("common.lua") + "\n" + string.Join("\n", files.Select(Read)));

    private static LuaScript Prepare(string text) => LuaScript.Prepare(text);

    private static string Read(string file)
    {
        var name = $"KafkaRooms.Rooms.Redis.Scripts.{file}";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded script {name} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
