using KafkaRooms.FakeZego;
using static KafkaRooms.Ingest.IntegrationTests.Hostile.HostileRequests;

namespace KafkaRooms.Ingest.IntegrationTests.Hostile;

internal static partial class HostileCorpus
{
    private const string FormType = "application/x-www-form-urlencoded";

    private static IEnumerable<HostileCase> Forms() =>
    [
        new("form: a field twice", PostForm(() => Create().Signed().ToForm() + "&room_id=other"), 400, "room_id"),
        new("form: a field twice, once with an encoded name", PostForm(() => Create().Signed().ToForm() + "&room%5Fid=other"), 400, "room_id"),
        new("form: malformed escape in room_id", PostForm(() => Create().Signed().ToForm().Replace("room_id=hostile-room", "room_id=50%", StringComparison.Ordinal)), 400, "room_id"),
        new("form: bytes that are not UTF-8 in room_id", PostForm(() => Create().Signed().ToForm().Replace("room_id=hostile-room", "room_id=%FF", StringComparison.Ordinal)), 400, "room_id"),
        new("form: malformed escape in a field name", PostForm(() => Create().Signed().ToForm() + "&x%G=1"), 400, "(form field name)"),
        new("form: NUL in user_account", PostForm(() => Login().Signed().ToForm().Replace("user_account=user-1", "user_account=u%00", StringComparison.Ordinal)), 400, "user_account"),
        new("form: no appid", PostForm(() => Create().Without("appid").Signed().ToForm()), 400, "appid"),
        new("form: no room_id", PostForm(() => Create().Without("room_id").Signed().ToForm()), 400, "room_id"),
        new("form: empty", PostForm(() => ""), 400, "appid"),
        new("form: JSON sent as a form", PostForm(() => Create().Signed().ToJson()), 400, "appid"),
        new("form: a form sent as JSON", PostJson(() => Create().Signed().ToForm()), 400, "body"),
        new("form: charset latin1", Post(() => ZegoCallback.Content(Create().Signed().ToForm(), FormType + "; charset=latin1")), 415, "Content-Type"),
    ];

    private static Func<Uri, HttpClient, Task<RawAnswer>> PostForm(Func<string> form) => Post(() => ZegoCallback.Content(form(), FormType));
}
