using Npgsql;

namespace Platform.Tests.Infrastructure;

/// What a test does to the database from a connection of its own, as another writer would: hold
/// a lock, see who waits for one, make the database refuse a learner's rows.
public static class DatabaseHolds
{
    /// Whether another session waits for a lock: on the table named, or of the kind named ("advisory").
    public static async Task<bool> SomeoneWaitsAsync(NpgsqlConnection connection, string what)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT EXISTS (SELECT 1 FROM pg_locks l LEFT JOIN pg_class c ON c.oid = l.relation
                            WHERE NOT l.granted AND l.pid <> pg_backend_pid() AND (c.relname = $1 OR l.locktype = $1))
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = what });
        return await command.ExecuteScalarAsync() is true;
    }

    /// Until disposed, inserting a row of <paramref name="userId"/> into <paramref name="table"/> fails.
    public static async Task<IAsyncDisposable> RefuseRowsAsync(NpgsqlConnection connection, string table, string userId)
    {
        await using (var refuse = new NpgsqlCommand(
            $"""
            CREATE FUNCTION refuse_for_test() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.user_id = TG_ARGV[0] THEN
                    RAISE EXCEPTION 'refused for the test';
                END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER refuse_for_test BEFORE INSERT ON {table}
                FOR EACH ROW EXECUTE FUNCTION refuse_for_test('{userId}');
            """, connection))
        {
            await refuse.ExecuteNonQueryAsync();
        }
        return new Refusal(connection, table);
    }

    private sealed class Refusal(NpgsqlConnection connection, string table) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await using var drop = new NpgsqlCommand($"DROP TRIGGER refuse_for_test ON {table}; DROP FUNCTION refuse_for_test()", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
