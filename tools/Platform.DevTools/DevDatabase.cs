namespace Platform.DevTools;

/// The development database: the private cluster in `.data/postgres` under the repository,
/// created and started on first use, with its `platform` database.
public static class DevDatabase
{
    public static async Task<string> ConnectionStringAsync(string dataDirectory, CancellationToken ct = default)
    {
        var cluster = await PrivatePostgres.StartAsync(Path.Combine(dataDirectory, "postgres"), throwaway: false, ct);
        await cluster.EnsureDatabaseAsync("platform", ct);
        return cluster.ConnectionString("platform");
    }
}
