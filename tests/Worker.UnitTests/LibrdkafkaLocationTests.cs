using System.Runtime.InteropServices;
using KafkaRooms.KafkaNative;

namespace KafkaRooms.Worker.UnitTests;

/// <summary>
/// Where the Worker finds the librdkafka it asks for the Kafka cluster id: a publish for one
/// runtime (ReadyToRun needs one) puts the native files beside the assemblies, not under runtimes/.
/// </summary>
public sealed class LibrdkafkaLocationTests : IDisposable
{
    private static readonly string Rid = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64";
    private static readonly string Bundled = Path.Combine(AppContext.BaseDirectory, "runtimes", Rid, "native");
    private readonly DirectoryInfo _application = Directory.CreateTempSubdirectory("librdkafka-location-");

    [Fact]
    public void A_publish_for_one_runtime_finds_librdkafka_beside_the_assemblies()
    {
        foreach (var file in Directory.GetFiles(Bundled, "*.so"))
        {
            File.Copy(file, Path.Combine(_application.FullName, Path.GetFileName(file)));
        }

        var found = RdKafka.FindLoadablePath(_application.FullName);

        Assert.Equal(_application.FullName, Path.GetDirectoryName(found));
    }

    [Fact]
    public void A_portable_build_finds_librdkafka_under_runtimes_first()
    {
        var native = Directory.CreateDirectory(Path.Combine(_application.FullName, "runtimes", Rid, "native"));
        foreach (var file in Directory.GetFiles(Bundled, "*.so"))
        {
            File.Copy(file, Path.Combine(native.FullName, Path.GetFileName(file)));
            File.Copy(file, Path.Combine(_application.FullName, Path.GetFileName(file)));
        }

        Assert.Equal(native.FullName, Path.GetDirectoryName(RdKafka.FindLoadablePath(_application.FullName)));
    }

    [Fact]
    public void Without_librdkafka_the_error_names_every_place_looked()
    {
        var error = Assert.Throws<DllNotFoundException>(() => RdKafka.FindLoadablePath(_application.FullName));

        Assert.Contains(Path.Combine(_application.FullName, "runtimes", Rid, "native", "librdkafka.so"), error.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_application.FullName, "centos8-librdkafka.so"), error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _application.Delete(recursive: true);
}
