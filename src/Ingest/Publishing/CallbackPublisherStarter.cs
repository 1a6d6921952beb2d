namespace KafkaRooms.Ingest.Publishing;

/// <summary>
/// Builds the producer when the host starts rather than on the first callback, so a bad
/// Kafka setting (e.g. an unknown Kafka:Client key) stops the process at once, naming it.
/// </summary>
internal sealed class CallbackPublisherStarter(CallbackPublisher publisher) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = publisher.Topic;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
