using Microsoft.EntityFrameworkCore.Migrations;
using NpgsqlTypes;

#nullable disable

namespace Platform.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class LessonSearchDocuments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_lesson_sections_trigram_text",
                table: "lesson_sections");

            migrationBuilder.DropColumn(
                name: "trigram_text",
                table: "lesson_sections");

            migrationBuilder.CreateTable(
                name: "lesson_search_documents",
                columns: table => new
                {
                    lesson_id = table.Column<int>(type: "integer", nullable: false),
                    document = table.Column<NpgsqlTsVector>(type: "tsvector", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_lesson_search_documents", x => x.lesson_id);
                    table.ForeignKey(
                        name: "fk_lesson_search_documents_lessons_lesson_id",
                        column: x => x.lesson_id,
                        principalTable: "lessons",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "search_words",
                columns: table => new
                {
                    word = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_search_words", x => x.word);
                });

            migrationBuilder.CreateIndex(
                name: "ix_lesson_search_documents_document",
                table: "lesson_search_documents",
                column: "document")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_search_words_trigrams",
                table: "search_words",
                column: "word")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            // A lesson's vector is a few kilobytes: stored out of line (TOAST, the default) every
            // search fetched and decompressed each one, three times slower than keeping it in the row.
            migrationBuilder.Sql("ALTER TABLE lesson_search_documents ALTER COLUMN document SET STORAGE MAIN;");

            // Databases imported before this migration: every lesson's vector from its sections, and
            // the words of all of them (the same statements the content import runs).
            migrationBuilder.Sql("""
                INSERT INTO lesson_search_documents (lesson_id, document)
                SELECT lesson_id,
                       setweight(to_tsvector('simple'::regconfig, min(title_terms)), 'A')
                       || setweight(to_tsvector('simple'::regconfig, string_agg(meta_terms, ' ' ORDER BY position)), 'B')
                       || setweight(to_tsvector('simple'::regconfig, string_agg(body_terms, ' ' ORDER BY position)), 'D')
                FROM lesson_sections
                GROUP BY lesson_id;
                INSERT INTO search_words (word)
                SELECT DISTINCT word FROM lesson_search_documents, unnest(tsvector_to_array(document)) AS word
                WHERE char_length(word) >= 2;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "lesson_search_documents");

            migrationBuilder.DropTable(
                name: "search_words");

            migrationBuilder.AddColumn<string>(
                name: "trigram_text",
                table: "lesson_sections",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateIndex(
                name: "ix_lesson_sections_trigram_text",
                table: "lesson_sections",
                column: "trigram_text")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });
        }
    }
}
