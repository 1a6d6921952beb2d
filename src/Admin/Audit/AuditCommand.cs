using System.Text.Json;
using KafkaRooms.Admin.Replay;
using KafkaRooms.Rooms.Reading;
using KafkaRooms.Rooms.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace KafkaRooms.Admin.Audit;

/// <summary>
/// `audit`: replays the retained topic (or what arrived since --since) into a scratch prefix,
/// compares it with the live state room by room and user by user, and re-checks the rooms that
/// differ after catching up with the topic, so events still arriving do not show as differences
/// (docs/operations.md, "Audit"). Writes nothing under the live prefix; removes the scratch prefix.
/// </summary>
internal sealed class AuditCommand(AdminOptions options, TextWriter output, TextWriter progress)
{
    private const int Shown = 20;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var topic = options.Kafka.CallbacksTopic;
        var (clusterId, partitions) = Preflight.Kafka(options.Kafka, options.Timeout);
        using var liveRedis = await Preflight.RedisAsync(options.Live.Redis, "live", options.Timeout).ConfigureAwait(false);
        var scratchRedis = options.Redis is null ? liveRedis : await Preflight.RedisAsync(options.Redis, "scratch", options.Timeout).ConfigureAwait(false);
        try
        {
            if (await KeyPrefixes.HoldsKeysAsync(scratchRedis, options.Prefix).ConfigureAwait(false))
            {
                throw new AdminFailure($"scratch prefix {options.Prefix} already holds keys: choose another --prefix");
            }

            try
            {
                return await AuditAsync(started, clusterId, partitions, liveRedis, scratchRedis, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                if (!options.KeepScratch)
                {
                    await KeyPrefixes.DeleteAsync(scratchRedis, options.Prefix).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            if (!ReferenceEquals(scratchRedis, liveRedis))
            {
                await scratchRedis.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<int> AuditAsync(
        DateTimeOffset started, string clusterId, IReadOnlyList<int> partitions, IConnectionMultiplexer liveRedis, IConnectionMultiplexer scratchRedis, CancellationToken cancellationToken)
    {
        var topic = options.Kafka.CallbacksTopic;
        using var consumer = ReplayConsumer.Build(options.Kafka);
        var ranges = Preflight.Kafka(options.Kafka, "list the offsets", () => ReplayPlanner.Retained(consumer, topic, partitions, options.Since, options.Timeout));
        var oldest = ReplayPlanner.OldestTimestampMs(consumer, topic, ranges, options.Timeout);
        var scratch = ReplayState.Options(options.Live, options.Prefix, ReplayState.MaxEventAge(options, oldest, started), changeFeed: false);
        var replay = new TopicReplay(consumer, topic, new RoomStore(scratchRedis, Options.Create(scratch), TimeProvider.System), options.Live.MaxClockSkew, progress);
        var counts = new ReplayCounts();
        await replay.RunAsync(ranges, options.Since, counts, "audit replay", cancellationToken).ConfigureAwait(false);

        var comparer = new StateComparer(new RoomReader(liveRedis, Options.Create(options.Live)), new RoomReader(scratchRedis, Options.Create(scratch)));
        var sinceMs = options.Since?.ToUnixTimeMilliseconds();
        var differences = await comparer.CompareAsync(counts.Apps, sinceMs, cancellationToken).ConfigureAwait(false);
        var (rooms, users) = (comparer.RoomsCompared, comparer.UsersCompared);
        var rechecks = 0;
        while (differences.Count > 0 && rechecks < options.Rechecks)
        {
            rechecks++;
            progress.WriteLine($"audit: {differences.Count} difference(s) in {differences.Select(d => (d.AppId, d.RoomId)).Distinct().Count()} room(s); " +
                $"re-checking them after catching up with the topic ({rechecks}/{options.Rechecks})");
            await Task.Delay(options.RecheckDelay, cancellationToken).ConfigureAwait(false);
            var next = Preflight.Kafka(options.Kafka, "list the offsets", () => ReplayPlanner.After(consumer, topic, ranges, options.Timeout));
            await replay.RunAsync(next, options.Since, counts, "audit catch-up", cancellationToken).ConfigureAwait(false);
            ranges = [.. ranges.Zip(next, (first, last) => first with { To = last.To })];
            differences = await comparer.RecheckAsync([.. differences.Select(d => (d.AppId, d.RoomId)).Distinct()], cancellationToken).ConfigureAwait(false);
        }

        var byKind = differences.GroupBy(d => d.Kind).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());
        var report = new AuditReport(
            topic, clusterId, options.Since, started, DateTimeOffset.UtcNow, ranges,
            new AuditEvents(counts.Read, counts[ApplyOutcome.Applied], counts[ApplyOutcome.Duplicate], counts[ApplyOutcome.Stale], counts[ApplyOutcome.Expired], counts.Invalid, counts.BeforeSince),
            rooms, users, comparer.RoomsBeforeSince, rechecks, byKind, differences);
        await File.WriteAllTextAsync(options.ReportPath, JsonSerializer.Serialize(report, AuditJsonContext.Default.AuditReport), cancellationToken).ConfigureAwait(false);
        Print(report, counts);
        return differences.Count == 0 ? 0 : 1;
    }

    private void Print(AuditReport report, ReplayCounts counts)
    {
        output.WriteLine($"audit of {report.Topic} (Kafka cluster {report.KafkaCluster}), {report.Partitions.Count} partitions, offsets {string.Join(" ", report.Partitions.Select(p => $"{p.Partition}:{p.From}-{p.To}"))}");
        output.WriteLine($"replayed into prefix {options.Prefix}: {counts}");
        output.WriteLine($"compared {report.RoomsCompared} rooms and {report.UsersCompared} online users of app(s) {string.Join(", ", counts.Apps.Order())}" +
            (report.RoomsBeforeSince > 0 ? $"; {report.RoomsBeforeSince} rooms opened before --since left out" : ""));
        var kinds = string.Join(", ", report.DifferencesByKind.Select(k => $"{k.Key} {k.Value}"));
        output.WriteLine($"differences: {report.Differences.Count}{(kinds.Length > 0 ? $" ({kinds})" : "")}{(report.Rechecks > 0 ? $" after {report.Rechecks} re-check(s)" : "")}");
        foreach (var difference in report.Differences.Take(Shown))
        {
            output.WriteLine($"  {difference}");
        }

        if (report.Differences.Count > Shown)
        {
            output.WriteLine($"  ... {report.Differences.Count - Shown} more in the report");
        }

        output.WriteLine($"report: {Path.GetFullPath(options.ReportPath)}");
    }
}
