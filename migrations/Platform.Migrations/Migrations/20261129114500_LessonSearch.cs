using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;
using NpgsqlTypes;

#nullable disable

namespace Platform.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class LessonSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Ships with PostgreSQL (contrib) and is a trusted extension: the database owner may create it.
            migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS pg_trgm;");

            migrationBuilder.CreateTable(
                name: "lesson_sections",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    lesson_id = table.Column<int>(type: "integer", nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    anchor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    heading = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    text = table.Column<string>(type: "text", nullable: false),
                    title_terms = table.Column<string>(type: "text", nullable: false),
                    meta_terms = table.Column<string>(type: "text", nullable: false),
                    body_terms = table.Column<string>(type: "text", nullable: false),
                    trigram_text = table.Column<string>(type: "text", nullable: false),
                    document = table.Column<NpgsqlTsVector>(type: "tsvector", nullable: false, computedColumnSql: "setweight(to_tsvector('simple'::regconfig, title_terms), 'A') || setweight(to_tsvector('simple'::regconfig, meta_terms), 'B') || setweight(to_tsvector('simple'::regconfig, body_terms), 'D')", stored: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_lesson_sections", x => x.id);
                    table.ForeignKey(
                        name: "fk_lesson_sections_lessons_lesson_id",
                        column: x => x.lesson_id,
                        principalTable: "lessons",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_lesson_sections_document",
                table: "lesson_sections",
                column: "document")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_lesson_sections_lesson_id_position",
                table: "lesson_sections",
                columns: new[] { "lesson_id", "position" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_lesson_sections_trigram_text",
                table: "lesson_sections",
                column: "trigram_text")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "lesson_sections");
        }
    }
}
