using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Platform.Web.Infrastructure.Data;

#nullable disable

namespace Platform.Migrations.Migrations
{
    /// <summary>
    /// A change to an account row is announced as `account:{id}` instead of `learner:{id}`: it
    /// drops the learner's state and also the account facts each instance keeps for a write's
    /// session check (stamp, block, deletion), which the learner's own marks and comments, still
    /// announced as `learner:{id}`, leave alone. No model change, so no target model.
    /// </summary>
    [DbContext(typeof(PlatformDbContext))]
    [Migration("20261129220000_AccountNotify")]
    public partial class AccountNotify : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                CREATE FUNCTION account_notify() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'TRUNCATE' THEN
                        PERFORM pg_notify('read_model', 'everything');
                        RETURN NULL;
                    END IF;
                    IF TG_OP <> 'DELETE' THEN
                        PERFORM pg_notify('read_model', 'account:' || NEW.id);
                    END IF;
                    IF TG_OP <> 'INSERT' THEN
                        PERFORM pg_notify('read_model', 'account:' || OLD.id);
                    END IF;
                    RETURN NULL;
                END
                $$;
                DROP TRIGGER learner_state_notify ON users;
                CREATE TRIGGER account_notify AFTER INSERT OR UPDATE OR DELETE ON users
                    FOR EACH ROW EXECUTE FUNCTION account_notify();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                DROP TRIGGER IF EXISTS account_notify ON users;
                DROP FUNCTION IF EXISTS account_notify();
                CREATE TRIGGER learner_state_notify AFTER INSERT OR UPDATE OR DELETE ON users
                    FOR EACH ROW EXECUTE FUNCTION learner_state_notify('id');
                """);
        }
    }
}
