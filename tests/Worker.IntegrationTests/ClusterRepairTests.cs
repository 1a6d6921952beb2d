using System.Net;
using KafkaRooms.Rooms.Redis;
using KafkaRooms.Testing.Kafka;
using KafkaRooms.Testing.Redis;
using KafkaRooms.Worker.Repair;
using Xunit.Abstractions;

namespace KafkaRooms.Worker.IntegrationTests;

/// <summary>
/// One master of a real Redis Cluster crashes and comes back empty (docs/rules.md §7): its
/// checkpoint went with its state, so its buckets' events are applied again, and only those.
/// </summary>
[Collection(WorkerCollection.Name)]
public sealed class ClusterRepairTests(KafkaFixture kafka, RedisClusterFixture cluster, ITestOutputHelper output)
    : IClassFixture<RedisClusterFixture>
{
    [Fact]
    public async Task A_master_restarted_empty_is_healed_by_reapplying_its_own_buckets_events_only()
    {
        await using var scenario = await WorkerScenario.CreateAsync(kafka, cluster, output, partitions: 3);
        var history = WorkerScenario.History(61);
        var delivery = history.Delivery(new Random(61), duplicateRate: 0.1);
        var worker = await scenario.StartWorkerAsync();
        await scenario.PublishAsync(delivery);
        await scenario.WaitUntilAllCommittedAsync(TimeSpan.FromSeconds(60));

        var restarted = cluster.MasterPorts[0];
        var keys = new RoomKeySchema(scenario.KeyPrefix, new RoomStateOptions().BucketCount);
        var onRestarted = delivery.Count(e =>
            ((IPEndPoint)cluster.Connection.GetServer(keys.Rooms(e.AppId, keys.Bucket(e.AppId, e.RoomId))).EndPoint).Port == restarted);
        Assert.InRange(onRestarted, 1, delivery.Count - 1);
        await cluster.RestartMasterEmptyAsync(0);

        await scenario.WaitForTruthAsync(history, TimeSpan.FromSeconds(60));
        output.WriteLine($"{onRestarted} of {delivery.Count} events live on the restarted master; re-applied {worker.RepairMessagesTotal}");
        Assert.True(worker.Repairs.GetValueOrDefault(RepairReasons.RedisRestarted) >= 1, "the restart was noticed and counted");
        // The other masters kept their state: their events are skipped, not applied from the beginning.
        Assert.Equal(onRestarted, worker.RepairMessagesTotal);
    }
}
