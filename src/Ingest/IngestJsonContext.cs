using System.Text.Json.Serialization;
using KafkaRooms.Ingest.Callbacks;
using Microsoft.AspNetCore.Mvc;

namespace KafkaRooms.Ingest;

/// <summary>Every body Ingest writes, source-generated.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(CallbackAck))]
[JsonSerializable(typeof(ProblemDetails))]
[JsonSerializable(typeof(HttpValidationProblemDetails))]
internal sealed partial class IngestJsonContext : JsonSerializerContext;
