using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Platform.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class ExternalLinkCheck : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "external_links",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    url = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    host = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    outcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    status_code = table.Column<int>(type: "integer", nullable: true),
                    detail = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    checked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    next_check_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_external_links", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "lesson_external_links",
                columns: table => new
                {
                    lesson_id = table.Column<int>(type: "integer", nullable: false),
                    link_id = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_lesson_external_links", x => new { x.lesson_id, x.link_id });
                    table.ForeignKey(
                        name: "fk_lesson_external_links_external_links_link_id",
                        column: x => x.link_id,
                        principalTable: "external_links",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_lesson_external_links_lessons_lesson_id",
                        column: x => x.lesson_id,
                        principalTable: "lessons",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_external_links_next_check_at",
                table: "external_links",
                column: "next_check_at");

            migrationBuilder.CreateIndex(
                name: "ix_external_links_url",
                table: "external_links",
                column: "url",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_lesson_external_links_link_id",
                table: "lesson_external_links",
                column: "link_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "lesson_external_links");

            migrationBuilder.DropTable(
                name: "external_links");
        }
    }
}
