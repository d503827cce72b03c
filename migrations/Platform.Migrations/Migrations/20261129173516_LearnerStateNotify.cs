using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Migrations.Migrations
{
    /// <summary>
    /// Every change to what a signed-in learner's pages show about them (the account row, XP,
    /// achievements, notifications, completions, followed threads, helpful marks) is announced on
    /// the `read_model` channel as `learner:{id}` when its transaction commits, whoever made it (a
    /// request on any instance, a background job, an administrator with psql): every app instance
    /// drops its copy of that learner's state.
    /// </summary>
    public partial class LearnerStateNotify : Migration
    {
        private static readonly (string Table, string Column)[] Tables =
        [
            ("users", "id"),
            ("xp_events", "user_id"),
            ("achievement_awards", "user_id"),
            ("notifications", "user_id"),
            ("lesson_completions", "user_id"),
            ("thread_subscriptions", "user_id"),
            ("comment_reactions", "user_id"),
        ];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                CREATE FUNCTION learner_state_notify() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'TRUNCATE' THEN
                        PERFORM pg_notify('read_model', 'everything');
                        RETURN NULL;
                    END IF;
                    IF TG_OP <> 'DELETE' THEN
                        PERFORM pg_notify('read_model', 'learner:' || (to_jsonb(NEW) ->> TG_ARGV[0]));
                    END IF;
                    IF TG_OP <> 'INSERT' THEN
                        PERFORM pg_notify('read_model', 'learner:' || (to_jsonb(OLD) ->> TG_ARGV[0]));
                    END IF;
                    RETURN NULL;
                END
                $$;
                """);
            foreach (var (table, column) in Tables)
            {
                migrationBuilder.Sql(
                    $"""
                    CREATE TRIGGER learner_state_notify AFTER INSERT OR UPDATE OR DELETE ON {table}
                        FOR EACH ROW EXECUTE FUNCTION learner_state_notify('{column}');
                    CREATE TRIGGER learner_state_notify_truncate AFTER TRUNCATE ON {table}
                        FOR EACH STATEMENT EXECUTE FUNCTION learner_state_notify();
                    """);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var (table, _) in Tables)
            {
                migrationBuilder.Sql(
                    $"""
                    DROP TRIGGER IF EXISTS learner_state_notify_truncate ON {table};
                    DROP TRIGGER IF EXISTS learner_state_notify ON {table};
                    """);
            }
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS learner_state_notify();");
        }
    }
}
