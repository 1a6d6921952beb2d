using System.Reflection;
using System.Runtime.InteropServices;

namespace KafkaRooms.KafkaNative;

/// <summary>
/// P/Invoke into the librdkafka that ships inside Confluent.Kafka's package, for what
/// Confluent.Kafka does not wrap (the cluster id, the mock cluster); the resolver makes these
/// calls and Confluent.Kafka load the very same file.
/// </summary>
public static partial class RdKafka
{
    /// <summary>The library name of every P/Invoke into librdkafka; <see cref="ResolveFor"/> maps it to the loaded file.</summary>
    public const string Library = "rdkafka";
    private static readonly Lock LoadLock = new();
    private static string? _loadedPath;

    /// <summary>
    /// Loads the first bundled build whose dependencies this system has: on Debian 12 the
    /// default librdkafka.so needs libsasl2.so.3, which is missing, so the centos8 build wins.
    /// </summary>
    public static string EnsureLoaded()
    {
        lock (LoadLock)
        {
            if (_loadedPath is not null)
            {
                return _loadedPath;
            }

            // Confluent.Kafka's own loader tries the same files in the same order (its
            // Library.Load(path) is no help here: it dlopens "libdl", which Debian 12 lacks).
            var path = FindLoadablePath();
            _ = Confluent.Kafka.Library.Version;

            NativeLibrary.SetDllImportResolver(typeof(RdKafka).Assembly, Resolve);
            _loadedPath = path;
            return path;
        }
    }

    /// <summary>Makes <paramref name="assembly"/>'s P/Invokes into <see cref="Library"/> use the file Confluent.Kafka loads.</summary>
    public static void ResolveFor(Assembly assembly)
    {
        var path = EnsureLoaded();
        NativeLibrary.SetDllImportResolver(assembly, (name, _, _) => name == Library ? NativeLibrary.Load(path) : IntPtr.Zero);
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) =>
        name == Library && _loadedPath is not null ? NativeLibrary.Load(_loadedPath) : IntPtr.Zero;

    private static string FindLoadablePath() => FindLoadablePath(AppContext.BaseDirectory);

    /// <summary>
    /// The first loadable bundled build in <paramref name="applicationDirectory"/>: under
    /// runtimes/&lt;rid&gt;/native after a portable build or publish, or in the directory itself after
    /// a publish for one runtime (<c>dotnet publish -r linux-x64</c>, as ReadyToRun needs), which
    /// puts native files beside the assemblies. Looking only under runtimes/ left such a Worker
    /// without a cluster id, so it held every partition and applied nothing.
    /// </summary>
    internal static string FindLoadablePath(string applicationDirectory)
    {
        var rid = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64";
        string[] directories = [Path.Combine(applicationDirectory, "runtimes", rid, "native"), applicationDirectory];
        string[] candidates = ["librdkafka.so", "centos8-librdkafka.so"];
        var failures = new List<string>();
        foreach (var path in directories.SelectMany(directory => candidates.Select(candidate => Path.Combine(directory, candidate))))
        {
            if (NativeLibrary.TryLoad(path, out var handle))
            {
                NativeLibrary.Free(handle);
                return path;
            }

            failures.Add(path);
        }

        throw new DllNotFoundException(
            $"No loadable librdkafka among: {string.Join(", ", failures)}. " +
            "Restore the Confluent.Kafka package (dotnet restore) on a linux-x64 or linux-arm64 machine.");
    }

    public const int ProducerType = 0;

    [LibraryImport(Library, EntryPoint = "rd_kafka_conf_new")]
    public static partial IntPtr ConfNew();

    [LibraryImport(Library, EntryPoint = "rd_kafka_conf_set", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int ConfSet(IntPtr conf, string name, string value, byte[] errstr, UIntPtr errstrSize);

    [LibraryImport(Library, EntryPoint = "rd_kafka_new")]
    public static partial IntPtr New(int type, IntPtr conf, byte[] errstr, UIntPtr errstrSize);

    [LibraryImport(Library, EntryPoint = "rd_kafka_destroy")]
    public static partial void Destroy(IntPtr rk);

    [LibraryImport(Library, EntryPoint = "rd_kafka_conf_destroy")]
    public static partial void ConfDestroy(IntPtr conf);

    [LibraryImport(Library, EntryPoint = "rd_kafka_clusterid")]
    public static partial IntPtr ClusterId(IntPtr rk, int timeoutMs);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mem_free")]
    public static partial void MemFree(IntPtr rk, IntPtr pointer);

    [LibraryImport(Library, EntryPoint = "rd_kafka_err2str")]
    public static partial IntPtr ErrorToString(int error);
}
