using System.Collections.ObjectModel;
using System.Diagnostics;

namespace KafkaRooms.ServiceDefaults.IntegrationTests;

/// <summary>What a service's in-memory exporter received; the exporter adds on the service's threads while the test reads.</summary>
internal sealed class ExportedActivities : Collection<Activity>
{
    private readonly Lock _lock = new();

    public IReadOnlyList<Activity> Snapshot()
    {
        lock (_lock)
        {
            return [.. Items];
        }
    }

    protected override void InsertItem(int index, Activity item)
    {
        lock (_lock)
        {
            base.InsertItem(index, item);
        }
    }
}
