using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class StaffBadgeNotify : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A comment's staff badge follows the author's Admin role: granting or revoking it is
            // announced like a renamed author, so every instance redraws its comment threads.
            migrationBuilder.Sql(
                """
                CREATE TRIGGER read_model_notify AFTER INSERT OR DELETE OR TRUNCATE ON user_roles
                    FOR EACH STATEMENT EXECUTE FUNCTION read_model_notify('authors');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS read_model_notify ON user_roles;");
        }
    }
}
