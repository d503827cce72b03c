using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class StoredTextLanguageNeutral : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Stored interface words become codes, read in the reader's language where shown.
            // Each update changes only the exact values the code wrote before, so nothing else
            // (an admin's own words, a flagger's detail, a note) is touched.
            migrationBuilder.Sql("UPDATE users SET display_name = '' WHERE deleted_at IS NOT NULL AND display_name = '탈퇴한 사용자';");
            migrationBuilder.Sql("UPDATE comments SET hidden_reason = 'auto:flags' WHERE hidden_reason = '신고가 여러 건 접수되어 관리자가 확인할 때까지 숨김';");
            migrationBuilder.Sql($"""
                UPDATE comment_flags f SET reason = m.code || substr(f.reason, char_length(m.label) + 1)
                FROM ({FlagReasons}) AS m(label, code)
                WHERE f.reason = m.label OR f.reason LIKE m.label || ':%';
                """);
            migrationBuilder.Sql("UPDATE report_events SET actor_name = '' WHERE actor_id IS NULL AND actor_name = '방문자';");
            foreach (var column in new[] { "before", "after" })
            {
                migrationBuilder.Sql($"""
                    UPDATE report_events e SET {column} = m.code
                    FROM ({Statuses}) AS m(label, code)
                    WHERE e.change IN ('status', 'created') AND e.{column} = m.label;
                    """);
                migrationBuilder.Sql($"""
                    UPDATE report_events SET {column} = 'Duplicate:' || substring({column} from '^중복 \(#(\d*)\)$')
                    WHERE change IN ('status', 'created') AND {column} ~ '^중복 \(#\d*\)$';
                    """);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("UPDATE users SET display_name = '탈퇴한 사용자' WHERE deleted_at IS NOT NULL AND display_name = '';");
            migrationBuilder.Sql("UPDATE comments SET hidden_reason = '신고가 여러 건 접수되어 관리자가 확인할 때까지 숨김' WHERE hidden_reason = 'auto:flags';");
            migrationBuilder.Sql($"""
                UPDATE comment_flags f SET reason = m.label || substr(f.reason, char_length(m.code) + 1)
                FROM ({FlagReasons}) AS m(label, code)
                WHERE f.reason = m.code OR f.reason LIKE m.code || ':%';
                """);
            migrationBuilder.Sql("UPDATE report_events SET actor_name = '방문자' WHERE actor_id IS NULL AND actor_name = '';");
            foreach (var column in new[] { "before", "after" })
            {
                migrationBuilder.Sql($"""
                    UPDATE report_events e SET {column} = m.label
                    FROM ({Statuses}) AS m(label, code)
                    WHERE e.change IN ('status', 'created') AND e.{column} = m.code;
                    """);
                migrationBuilder.Sql($"""
                    UPDATE report_events SET {column} = '중복 (#' || substr({column}, char_length('Duplicate:') + 1) || ')'
                    WHERE change IN ('status', 'created') AND {column} LIKE 'Duplicate:%';
                    """);
            }
        }

        private const string FlagReasons =
            "VALUES ('스팸·광고', 'spam'), ('욕설·괴롭힘', 'abuse'), ('개인정보 노출', 'privacy'), ('주제와 관계없음', 'off-topic'), ('기타', 'other')";

        private const string Statuses =
            "VALUES ('새 신고', 'New'), ('분류됨', 'Triaged'), ('수정됨', 'Fixed'), ('수정 안 함', 'WontFix')";
    }
}
