using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Platform.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class Exercises : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<List<string>>(
                name: "exercise_ids",
                table: "lessons",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'::text[]");

            migrationBuilder.AddColumn<string>(
                name: "exercises_json",
                table: "lesson_revisions",
                type: "jsonb",
                nullable: false,
                defaultValueSql: "'[]'::jsonb");

            migrationBuilder.CreateTable(
                name: "exercise_solutions",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    user_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    lesson_id = table.Column<int>(type: "integer", nullable: false),
                    exercise_id = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    answer = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    solved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_exercise_solutions", x => x.id);
                    table.ForeignKey(
                        name: "fk_exercise_solutions_lessons_lesson_id",
                        column: x => x.lesson_id,
                        principalTable: "lessons",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_exercise_solutions_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_exercise_solutions_lesson_id",
                table: "exercise_solutions",
                column: "lesson_id");

            migrationBuilder.CreateIndex(
                name: "ix_exercise_solutions_user_id_lesson_id_exercise_id",
                table: "exercise_solutions",
                columns: new[] { "user_id", "lesson_id", "exercise_id" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "exercise_solutions");

            migrationBuilder.DropColumn(
                name: "exercise_ids",
                table: "lessons");

            migrationBuilder.DropColumn(
                name: "exercises_json",
                table: "lesson_revisions");
        }
    }
}
