using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Platform.Web.Infrastructure.Data;

#nullable disable

namespace Platform.Migrations.Migrations
{
    /// <summary>
    /// A comment is its own record of having commented: the progress ledger reads a learner's
    /// earliest comments from `comments` (by author and time, which its index already orders), so
    /// the copy each comment wrote into `learner_activities` ("CommentPosted", `comment:{id}`) goes.
    /// Comments are never deleted (an erased account's stay, under its deleted name; a deleted
    /// comment keeps its row): the copies say nothing the comments do not. A new thread now writes two rows
    /// (the comment, the author's follow), not three. Down writes the copies again from the comments.
    /// No model change, so no target model.
    /// </summary>
    [DbContext(typeof(PlatformDbContext))]
    [Migration("20261130193000_CommentsAreTheirOwnActivity")]
    public partial class CommentsAreTheirOwnActivity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DELETE FROM learner_activities WHERE kind = 'CommentPosted';");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                INSERT INTO learner_activities (user_id, kind, source_key, occurred_at)
                SELECT c.author_id, 'CommentPosted', 'comment:' || c.id, c.created_at FROM comments c
                ON CONFLICT (user_id, kind, source_key) DO NOTHING;
                """);
        }
    }
}
