namespace KafkaRooms.Ingest.Callbacks;

/// <summary>What a callback field held on the wire; a form value is always <see cref="Text"/>.</summary>
internal enum ZegoValueKind
{
    Text,
    Number,
    Boolean,
    Null,
    /// <summary>A JSON object or array: no room callback field is one.</summary>
    Structure,
}

internal static class ZegoValueKindExtensions
{
    public static string Describe(this ZegoValueKind kind) => kind switch
    {
        ZegoValueKind.Text => "a string",
        ZegoValueKind.Number => "a number",
        ZegoValueKind.Boolean => "a boolean",
        ZegoValueKind.Null => "null",
        _ => "an object or array",
    };
}
