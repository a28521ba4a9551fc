-- wrk script for bench/run.sh: prints one parseable line at the end,
--   BENCH requests=N duration_us=D rps=R p50_us=A p99_us=B bytes=N
--         status_errors=N connect=N read=N write=N timeout=N
-- (status_errors is wrk's own count, which covers only statuses >= 400.)
--
-- With BENCH_CHECK_STATUS=1 it also counts every response whose status is
-- not exactly 200 (a 303 to /login means the session cookie was refused)
-- and prints
--   CHECK responses=N non200=N first_bad=STATUS
-- Defining response() makes wrk parse every response into Lua, which
-- costs client CPU, so run.sh uses that mode only for short check runs,
-- not for the timed ones. BENCH_EXPECT_STATUS changes the status counted
-- as right (default 200; a form that redirects after a write: 303).
--
-- With BENCH_POST_BODY set, every request is a POST of that body as a
-- form (application/x-www-form-urlencoded).

local post_body = os.getenv("BENCH_POST_BODY")
if post_body and post_body ~= "" then
  wrk.method = "POST"
  wrk.body = post_body
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end
local expect = tonumber(os.getenv("BENCH_EXPECT_STATUS") or "200") or 200

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

if os.getenv("BENCH_CHECK_STATUS") == "1" then
  function init(args)
    total = 0
    non200 = 0
    first_bad = 0
  end

  function response(status, headers, body)
    total = total + 1
    if status ~= expect then
      non200 = non200 + 1
      if first_bad == 0 then first_bad = status end
    end
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  local secs = summary.duration / 1e6
  io.write(string.format(
    "BENCH requests=%d duration_us=%d rps=%.1f p50_us=%d p99_us=%d bytes=%d status_errors=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration, summary.requests / secs,
    latency:percentile(50), latency:percentile(99), summary.bytes,
    e.status, e.connect, e.read, e.write, e.timeout))
  if os.getenv("BENCH_CHECK_STATUS") == "1" then
    local n, bad, first = 0, 0, 0
    for _, t in ipairs(threads) do
      n = n + (t:get("total") or 0)
      bad = bad + (t:get("non200") or 0)
      local f = t:get("first_bad") or 0
      if first == 0 then first = f end
    end
    io.write(string.format("CHECK responses=%d non200=%d first_bad=%d\n", n, bad, first))
  end
end
