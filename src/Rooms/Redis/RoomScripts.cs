using System.Reflection;
using StackExchange.Redis;

namespace KafkaRooms.Rooms.Redis;

/// <summary>
/// The scripts, read once. Text scripts are sent with <see cref="IDatabaseAsync.ScriptEvaluateAsync(string, RedisKey[], RedisValue[], CommandFlags)"/>
/// and <see cref="LuaScript"/> ones with their named parameters: both send EVALSHA (SCRIPT LOAD
/// first on a server that has not seen the script) and fall back to EVAL on NOSCRIPT, so a Redis
/// that forgot its scripts (restart, SCRIPT FLUSH) is harmless.
/// </summary>
internal static class RoomScripts
{
    /// <summary>The batched rule script (docs/redis-schema.md, "The batched rule script"), from its parts in order.</summary>
    public static string ApplyBatch { get; } = string.Join(
        "\n", new[] { "common.lua", "call.lua", "user_events.lua", "room_events.lua", "apply_batch.lua" }.Select(Read));

    /// <summary>The batched rule script called by its SHA1 (the store's path: no per-call lookup of its text).</summary>
    public static ScriptBySha ApplyBatchBySha { get; } = new(ApplyBatch);

    public static LuaScript ReadRoom { get; } = LuaScript.Prepare(Read("read_room.lua"));

    /// <summary>A part of one bucket's rooms with their online counts, last event times and the feed's position; KEYS and ARGV vary, so raw text.</summary>
    public static string ReadRoomsOfBucket { get; } = Read("read_rooms.lua");

    /// <summary>Pending lifecycles of one bucket with their oldest times and online counts.</summary>
    public static string ReadPendingOfBucket { get; } = Read("read_pending.lua");

    /// <summary>One bucket's change feed after a position, with what tells whether that position is still retained.</summary>
    public static LuaScript ReadChanges { get; } = LuaScript.Prepare(Read("read_changes.lua"));

    /// <summary>One primary's checkpoints and run_id (docs/redis-schema.md, "Checkpoints").</summary>
    public static LuaScript ReadCheckpoints { get; } = LuaScript.Prepare(Read("checkpoint_read.lua"));

    /// <summary>Writes one primary's checkpoints unless it lost what the writer saw there.</summary>
    public static LuaScript WriteCheckpoints { get; } = LuaScript.Prepare(Read("checkpoint_write.lua"));

    private static string Read(string file)
    {
        var name = $"KafkaRooms.Rooms.Redis.Scripts.{file}";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded script {name} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
