using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Migrations.Migrations
{
    /// <summary>
    /// Every change that the shared read model (catalog, outlines, lesson HTML, a lesson's comment
    /// threads) or the page cache shows is announced on the `read_model` channel when its
    /// transaction commits, whoever made it: every app instance drops its stale copies.
    /// </summary>
    public partial class ReadModelNotify : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                CREATE FUNCTION read_model_notify() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_LEVEL = 'STATEMENT' THEN
                        PERFORM pg_notify('read_model', TG_ARGV[0]);
                    ELSIF TG_TABLE_NAME = 'comments' THEN
                        IF TG_OP <> 'DELETE' THEN
                            PERFORM pg_notify('read_model', 'lesson:' || NEW.lesson_id);
                        END IF;
                        IF TG_OP <> 'INSERT' AND (TG_OP = 'DELETE' OR OLD.lesson_id <> NEW.lesson_id) THEN
                            PERFORM pg_notify('read_model', 'lesson:' || OLD.lesson_id);
                        END IF;
                    ELSE
                        PERFORM pg_notify('read_model', TG_ARGV[0]);
                    END IF;
                    RETURN NULL;
                END
                $$;
                CREATE TRIGGER read_model_notify AFTER INSERT OR UPDATE OR DELETE ON comments
                    FOR EACH ROW EXECUTE FUNCTION read_model_notify();
                CREATE TRIGGER read_model_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON courses
                    FOR EACH STATEMENT EXECUTE FUNCTION read_model_notify('catalog');
                CREATE TRIGGER read_model_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON course_modules
                    FOR EACH STATEMENT EXECUTE FUNCTION read_model_notify('catalog');
                CREATE TRIGGER read_model_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON lessons
                    FOR EACH STATEMENT EXECUTE FUNCTION read_model_notify('catalog');
                CREATE TRIGGER read_model_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON lesson_revisions
                    FOR EACH STATEMENT EXECUTE FUNCTION read_model_notify('catalog');
                CREATE TRIGGER read_model_notify AFTER UPDATE OF display_name ON users
                    FOR EACH ROW WHEN (OLD.display_name IS DISTINCT FROM NEW.display_name)
                    EXECUTE FUNCTION read_model_notify('authors');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                DROP TRIGGER IF EXISTS read_model_notify ON users;
                DROP TRIGGER IF EXISTS read_model_notify ON lesson_revisions;
                DROP TRIGGER IF EXISTS read_model_notify ON lessons;
                DROP TRIGGER IF EXISTS read_model_notify ON course_modules;
                DROP TRIGGER IF EXISTS read_model_notify ON courses;
                DROP TRIGGER IF EXISTS read_model_notify ON comments;
                DROP FUNCTION IF EXISTS read_model_notify();
                """);
        }
    }
}
