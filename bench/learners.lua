-- wrk script: every request as the next of the benchmark's signed-in learners, in turn.
-- BENCH_LEARNERS: a file of "cookie<TAB>antiforgery token" lines (bench/run.sh writes it).
-- BENCH_METHOD, BENCH_BODY, BENCH_CONTENT_TYPE: the request (GET with no body by default).
-- BENCH_UNIQUE=1: every request at an address of its own (`?view=N`), so no kept copy answers it.
local learners = {}
for line in io.lines(os.getenv("BENCH_LEARNERS")) do
    local cookie, token = line:match("^([^\t]*)\t([^\t]*)$")
    if cookie then
        learners[#learners + 1] = { cookie = cookie, token = token }
    end
end

local threads = 0
function setup(thread)
    thread:set("offset", threads)
    threads = threads + 1
end

local next_learner = 0
local unique = os.getenv("BENCH_UNIQUE") == "1"
local views = 0
function init(args)
    next_learner = (tonumber(offset) or 0) * 7
    wrk.method = os.getenv("BENCH_METHOD") or "GET"
    wrk.body = os.getenv("BENCH_BODY")
    local contentType = os.getenv("BENCH_CONTENT_TYPE")
    if contentType and contentType ~= "" then
        wrk.headers["Content-Type"] = contentType
    end
end

function request()
    next_learner = next_learner + 1
    local learner = learners[(next_learner % #learners) + 1]
    wrk.headers["Cookie"] = learner.cookie
    wrk.headers["RequestVerificationToken"] = learner.token
    if unique then
        views = views + 1
        return wrk.format(nil, wrk.path .. "?view=" .. (tonumber(offset) or 0) .. "-" .. views)
    end
    return wrk.format()
end
