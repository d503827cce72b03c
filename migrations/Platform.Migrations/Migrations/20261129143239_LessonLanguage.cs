using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class LessonLanguage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "language",
                table: "lessons",
                type: "character varying(10)",
                maxLength: 10,
                nullable: false,
                defaultValue: "ko");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "language",
                table: "lessons");
        }
    }
}
