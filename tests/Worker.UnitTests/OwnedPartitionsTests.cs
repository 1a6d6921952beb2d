using System.Diagnostics.Metrics;
using Confluent.Kafka;
using KafkaRooms.Worker.Repair;
using KafkaRooms.Worker.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace KafkaRooms.Worker.UnitTests;

/// <summary>
/// OwnedPartitions counts its partitions per phase instead of walking them at every poll-loop
/// step; these tests hold the counts to a walk of the partitions (<see cref="OwnedPartitions.In"/>)
/// through assignment, activation, seeks, revocation and reassignment.
/// </summary>
public sealed class OwnedPartitionsTests : IDisposable
{
    private const string Topic = "owned-partitions-tests";

    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    // A real client: assignment, pause, resume and seek are local to it, no broker is asked.
    private readonly IConsumer<byte[]?, byte[]?> _consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
    {
        BootstrapServers = "127.0.0.1:1",
        GroupId = "owned-partitions-tests",
    }).Build();

    private readonly OwnedPartitions _partitions;

    public OwnedPartitionsTests()
    {
        _partitions = new OwnedPartitions(new WorkerMetrics(_services.GetRequiredService<IMeterFactory>()), NullLogger.Instance);
    }

    public void Dispose()
    {
        _consumer.Dispose();
        _services.Dispose();
    }

    [Fact]
    public void Which_phases_hold_a_partition_follows_assignment_activation_and_revocation()
    {
        var partitions = Partitions(0, 1, 2);
        Assign(partitions);

        AssertCountsMatchTheWalk();
        Assert.True(_partitions.Any(PartitionPhase.Held));
        Assert.False(_partitions.Any(PartitionPhase.Active));

        Activate(partitions[0]);
        Activate(partitions[1]);
        AssertCountsMatchTheWalk();
        Assert.True(_partitions.Any(PartitionPhase.Held));
        Assert.True(_partitions.Any(PartitionPhase.Active));

        _partitions.Remove(partitions[2]);
        AssertCountsMatchTheWalk();
        Assert.False(_partitions.Any(PartitionPhase.Held));

        _partitions.Remove(partitions[0]);
        _partitions.Remove(partitions[1]);
        AssertCountsMatchTheWalk();
        Assert.False(_partitions.Any(PartitionPhase.Active));
    }

    [Fact]
    public void A_partition_assigned_again_while_active_counts_as_held_once()
    {
        var partition = Partitions(7)[0];
        Assign([partition]);
        Activate(partition);

        // Revoked and assigned again without the removal in between (a lost assignment).
        _partitions.Add([partition]);

        AssertCountsMatchTheWalk();
        Assert.True(_partitions.Any(PartitionPhase.Held));
        Assert.False(_partitions.Any(PartitionPhase.Active));

        _partitions.Remove(partition);
        Assert.False(_partitions.Any(PartitionPhase.Held));
    }

    [Fact]
    public void A_partition_sought_back_leaves_the_phase_it_was_in()
    {
        var partitions = Partitions(3, 4);
        Assign(partitions);
        Activate(partitions[0]);
        Activate(partitions[1]);
        _partitions.TryGet(partitions[0], out var state);

        _partitions.SeekTo(_consumer, partitions[0], state!, 0);

        // The seek either went through (active again) or waits for the next step (seeking).
        AssertCountsMatchTheWalk();
        Assert.False(_partitions.Any(PartitionPhase.Held));
        Assert.True(_partitions.Any(state!.Phase));

        _partitions.Remove(partitions[0]);
        _partitions.Remove(partitions[1]);
        AssertCountsMatchTheWalk();
        Assert.False(_partitions.Any(PartitionPhase.Seeking));
        Assert.False(_partitions.Any(PartitionPhase.Active));
    }

    private static List<TopicPartition> Partitions(params int[] numbers) =>
        [.. numbers.Select(n => new TopicPartition(Topic, n))];

    private void Assign(List<TopicPartition> partitions)
    {
        _consumer.Assign(partitions);
        _partitions.Add(partitions);
    }

    private void Activate(TopicPartition partition)
    {
        Assert.True(_partitions.TryGet(partition, out var state));
        _partitions.Activate(_consumer, partition, state);
    }

    private void AssertCountsMatchTheWalk()
    {
        foreach (var phase in Enum.GetValues<PartitionPhase>())
        {
            Assert.Equal(_partitions.In(phase).Count > 0, _partitions.Any(phase));
        }
    }
}
