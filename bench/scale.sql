-- The scale data of bench/scale.sh, seeded after the content import: 100,000 learners,
-- 1,000,000 completions (10 each), and 10,000 comments on the benchmarked lesson (:'lesson'):
-- 2,000 threads, one of them with 2,000 replies, 6,000 more replies across the others.
INSERT INTO users (id, display_name, time_zone, user_name, normalized_user_name, email, normalized_email, email_confirmed,
                   password_hash, security_stamp, concurrency_stamp, phone_number_confirmed, two_factor_enabled,
                   lockout_enabled, access_failed_count)
SELECT 'scale-' || i, '학습자 ' || i, 'Asia/Seoul', 'scale-' || i || '@example.com', upper('scale-' || i || '@example.com'),
       'scale-' || i || '@example.com', upper('scale-' || i || '@example.com'), true, :'hash', md5(i::text),
       md5(i::text), false, false, true, 0
  FROM generate_series(1, 100000) AS i;

-- Ten distinct published lessons per learner: (i + 3k) mod n differ for k = 0..9 when n > 27.
WITH published AS (
    SELECT l.id, row_number() OVER (ORDER BY l.id) - 1 AS n, count(*) OVER () AS total
      FROM lessons l WHERE l.status = 'Published')
INSERT INTO lesson_completions (user_id, lesson_id, completed_at)
SELECT 'scale-' || i, p.id, now() - (i % 2000) * interval '1 hour' - k * interval '1 minute'
  FROM generate_series(1, 100000) AS i
 CROSS JOIN generate_series(0, 9) AS k
  JOIN published p ON p.n = (i + 3 * k) % p.total;

CREATE TEMP TABLE scale_lesson AS
SELECT l.id FROM lessons l JOIN courses c ON c.id = l.course_id WHERE c.slug || '/' || l.slug = :'lesson';

INSERT INTO comments (lesson_id, author_id, body_markdown, body_html, created_at)
SELECT s.id, 'scale-' || (1 + (i * 37) % 100000), '스레드 ' || i, '<p>스레드 ' || i || '</p>',
       now() - interval '30 days' + i * interval '1 minute'
  FROM scale_lesson s, generate_series(1, 2000) AS i;

CREATE TEMP TABLE scale_roots AS
SELECT c.id, row_number() OVER (ORDER BY c.created_at, c.id) AS n
  FROM comments c JOIN scale_lesson s ON s.id = c.lesson_id WHERE c.thread_id IS NULL;

INSERT INTO comments (lesson_id, author_id, thread_id, body_markdown, body_html, created_at)
SELECT s.id, 'scale-' || (1 + (i * 53) % 100000), r.id, '답글 ' || i, '<p>답글 ' || i || '</p>',
       now() - interval '20 days' + i * interval '1 minute'
  FROM scale_lesson s, generate_series(1, 8000) AS i
  JOIN scale_roots r ON r.n = CASE WHEN i <= 2000 THEN 1 ELSE 2 + i % 1999 END;

ANALYZE;
