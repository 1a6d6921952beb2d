using Confluent.Kafka;

namespace KafkaRooms.Worker.Telemetry;

/// <summary>librdkafka's own log lines, through the host's logging instead of stderr.</summary>
internal static partial class KafkaLog
{
    public static void Write(ILogger logger, LogMessage message)
    {
        var level = message.Level switch
        {
            SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical => LogLevel.Critical,
            SyslogLevel.Error => LogLevel.Error,
            SyslogLevel.Warning => LogLevel.Warning,
            SyslogLevel.Notice or SyslogLevel.Info => LogLevel.Information,
            _ => LogLevel.Debug,
        };
        Librdkafka(logger, level, message.Name, message.Facility, message.Message);
    }

    [LoggerMessage(EventId = 2100, Message = "librdkafka {Client} {Facility}: {Text}")]
    private static partial void Librdkafka(ILogger logger, LogLevel level, string client, string facility, string text);
}
