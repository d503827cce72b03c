using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Platform.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class CommentReactions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "comment_reactions",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    comment_id = table.Column<long>(type: "bigint", nullable: false),
                    user_id = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_comment_reactions", x => x.id);
                    table.ForeignKey(
                        name: "fk_comment_reactions_comments_comment_id",
                        column: x => x.comment_id,
                        principalTable: "comments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_comment_reactions_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_comment_reactions_user_id",
                table: "comment_reactions",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ux_comment_reactions_comment_id_user_id",
                table: "comment_reactions",
                columns: new[] { "comment_id", "user_id" },
                unique: true);

            // A mark changes the count every reader of the comment's lesson sees: announced like a
            // change to the lesson's comments, so every instance redraws its threads and evicts its
            // cached pages. (Marks that go with a deleted comment are announced by the comment.)
            migrationBuilder.Sql(
                """
                CREATE FUNCTION comment_reactions_notify() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    lesson integer;
                BEGIN
                    SELECT c.lesson_id INTO lesson FROM comments c
                     WHERE c.id = CASE WHEN TG_OP = 'DELETE' THEN OLD.comment_id ELSE NEW.comment_id END;
                    IF lesson IS NOT NULL THEN
                        PERFORM pg_notify('read_model', 'lesson:' || lesson);
                    END IF;
                    RETURN NULL;
                END
                $$;
                CREATE TRIGGER read_model_notify AFTER INSERT OR DELETE ON comment_reactions
                    FOR EACH ROW EXECUTE FUNCTION comment_reactions_notify();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                DROP TRIGGER IF EXISTS read_model_notify ON comment_reactions;
                DROP FUNCTION IF EXISTS comment_reactions_notify();
                """);
            migrationBuilder.DropTable(
                name: "comment_reactions");
        }
    }
}
