using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class LearnerActivitiesEarliestIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_learner_activities_user_id_kind_occurred_at_id",
                table: "learner_activities",
                columns: new[] { "user_id", "kind", "occurred_at", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_learner_activities_user_id_kind_occurred_at_id",
                table: "learner_activities");
        }
    }
}
