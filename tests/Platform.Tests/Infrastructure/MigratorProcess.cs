using System.Diagnostics;

namespace Platform.Tests.Infrastructure;

/// The real migrator executable, run as operators and docker-compose run it.
public static class MigratorProcess
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string connectionString, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Platform.Migrations.dll"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["ConnectionStrings__Platform"] = connectionString;
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        // The same culture on every machine: what the import says follows it (see --lang).
        start.Environment["LANG"] = "C.UTF-8";
        start.Environment.Remove("LC_ALL");
        start.Environment.Remove("LC_MESSAGES");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}
