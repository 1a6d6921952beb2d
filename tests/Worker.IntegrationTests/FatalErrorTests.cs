using Confluent.Kafka;
using KafkaRooms.LocalKafka;
using KafkaRooms.Testing.Kafka;
using KafkaRooms.Testing.Redis;
using Xunit.Abstractions;

namespace KafkaRooms.Worker.IntegrationTests;

[Collection(WorkerCollection.Name)]
public sealed class FatalErrorTests(KafkaFixture kafka, RedisServerFixture redis, ITestOutputHelper output)
{
    [Fact]
    public async Task A_fatal_kafka_error_stops_the_host_with_a_non_zero_exit_code()
    {
        // A static member fenced by the coordinator is fatal for a librdkafka consumer.
        // Fault injection needs librdkafka's mock cluster: the fixture's when it is one, else a private one.
        using var privateMock = kafka.Mock is null ? MockKafkaCluster.Start(3) : null;
        var mock = kafka.Mock ?? privateMock!;
        await using var scenario = WorkerScenario.CreateOnMock(mock, redis, output, partitions: 2);
        var worker = await scenario.StartWorkerAsync(s => s["Kafka:Client:group.instance.id"] = $"worker-{Guid.NewGuid():N}");
        await WorkerScenario.WaitUntilAsync(() => worker.Status.AssignedPartitions > 0, TimeSpan.FromSeconds(30), "the worker joined");

        try
        {
            mock.PushRequestErrors(KafkaApiKey.Heartbeat, ErrorCode.FencedInstanceId, ErrorCode.FencedInstanceId, ErrorCode.FencedInstanceId);
            await WorkerScenario.WaitUntilAsync(() => worker.Stopping.IsCancellationRequested, TimeSpan.FromSeconds(30), "the host is told to stop");

            Assert.True(worker.Status.Fatal);
            Assert.Equal(1, Environment.ExitCode);
        }
        finally
        {
            mock.ClearRequestErrors(KafkaApiKey.Heartbeat);
            // The exit code belongs to the test process: put it back.
            Environment.ExitCode = 0;
        }
    }
}
