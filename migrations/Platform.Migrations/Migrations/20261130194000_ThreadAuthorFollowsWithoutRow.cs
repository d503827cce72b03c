using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Platform.Web.Infrastructure.Data;

#nullable disable

namespace Platform.Migrations.Migrations
{
    /// <summary>
    /// A thread's author follows it without a row in `thread_subscriptions` (a row records a choice:
    /// theirs when they turn alerts off, a replier's follow), so a new thread no longer writes one.
    /// What the author follows is part of their state, which the follow's row used to announce: a
    /// new thread now announces its author (`learner:{id}`) with its lesson. The rows already
    /// written stay: each says what the rule now says without it. No model change, so no target model.
    /// </summary>
    [DbContext(typeof(PlatformDbContext))]
    [Migration("20261130194000_ThreadAuthorFollowsWithoutRow")]
    public partial class ThreadAuthorFollowsWithoutRow : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(NotifyPerStatement.AnnounceRows("comments_notify_rows", "lesson", "lesson_id",
                """
                PERFORM pg_notify('read_model', 'learner:' || started.author_id)
                           FROM (SELECT DISTINCT n.author_id FROM new_rows n WHERE n.thread_id IS NULL) AS started;
                """));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                INSERT INTO thread_subscriptions (thread_id, user_id, subscribed, updated_at)
                SELECT c.id, c.author_id, TRUE, c.created_at FROM comments c WHERE c.thread_id IS NULL
                ON CONFLICT (thread_id, user_id) DO NOTHING;
                """);
            migrationBuilder.Sql(NotifyPerStatement.AnnounceRows("comments_notify_rows", "lesson", "lesson_id"));
        }
    }
}
