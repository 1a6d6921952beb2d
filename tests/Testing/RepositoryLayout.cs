namespace KafkaRooms.Testing;

/// <summary>The repository and its built programs, found from the running assembly's bin folder.</summary>
public static class RepositoryLayout
{
    /// <summary>The folder that holds KafkaRooms.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The configuration this assembly was built in (bin/&lt;configuration&gt;/net10.0), so the programs match it.</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;

    /// <summary>The built dll of src/&lt;project&gt; (make build / make test build them all).</summary>
    public static string Program(string project) =>
        Path.Combine(Root, "src", project, "bin", Configuration, "net10.0", $"KafkaRooms.{project}.dll");

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "KafkaRooms.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException($"{AppContext.BaseDirectory} is not inside the repository");
    }
}
