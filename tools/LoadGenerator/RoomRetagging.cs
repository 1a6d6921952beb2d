using System.Text;
using KafkaRooms.RoomHistories;
using KafkaRooms.Rooms.Contract;

namespace KafkaRooms.LoadGenerator;

/// <summary>
/// Gives every room of a history a run tag in front of its id, so one run's rooms can be told
/// from earlier runs' rooms in the same Redis. Ids stay within ZEGO's 128 bytes and distinct.
/// </summary>
internal sealed class RoomRetagging(string tag)
{
    private readonly Dictionary<string, string> _ids = [];

    public string Tag { get; } = tag;

    public string RoomId(string original)
    {
        if (_ids.TryGetValue(original, out var tagged))
        {
            return tagged;
        }

        tagged = Tag + original;
        // Generated 128-byte ids end in padding; cutting padding keeps them distinct.
        while (Encoding.UTF8.GetByteCount(tagged) > RoomEventValidator.MaxRoomIdBytes)
        {
            tagged = tagged[..^1];
        }

        if (_ids.ContainsValue(tagged))
        {
            throw new InvalidOperationException($"retagging made two room ids equal: {tagged}");
        }

        _ids[original] = tagged;
        return tagged;
    }

    public RoomEvent Apply(RoomEvent e) => e with { RoomId = RoomId(e.RoomId) };

    public Dictionary<RoomKey, RoomTruth> Apply(IReadOnlyDictionary<RoomKey, RoomTruth> truth) =>
        truth.ToDictionary(t => t.Key with { RoomId = RoomId(t.Key.RoomId) }, t => t.Value);
}
