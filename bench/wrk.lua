-- Replays the requests listed in the file named by BENCH_TARGETS, one per line:
-- METHOD <tab> PATH <tab> COOKIE <tab> CSRF-TOKEN <tab> BODY
-- POSTs are sent as htmx sends them (HX-Request); GETs ask for whole pages.
-- Thread i takes lines i, i+T, i+2T, ... so one-shot requests (submit) are not repeated
-- until the list wraps around. done() prints one JSON line the runner reads.

local targets = {}
for line in io.lines(os.getenv("BENCH_TARGETS")) do
  local method, path, cookie, csrf, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
  table.insert(targets, {method = method, path = path, cookie = cookie, csrf = csrf, body = body})
end

local threads = {}
local thread_count = tonumber(os.getenv("BENCH_THREADS") or "2")
local counter = 0

function setup(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end

function init(args)
  position = id
  -- Draft revisions are milliseconds since 1970, rising (the server refuses ones far ahead).
  revision = os.time() * 1000 + id * 100000
end

function request()
  local target = targets[(position % #targets) + 1]
  position = position + thread_count
  local headers = {["Cookie"] = target.cookie}
  local body = nil
  if target.method == "POST" then
    headers["HX-Request"] = "true"
    revision = revision + 1
    headers["X-CSRFToken"] = target.csrf
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    headers["Referer"] = "http://127.0.0.1/"
    body = target.body:gsub("REVISION", tostring(revision))
  end
  return wrk.format(target.method, target.path, headers, body)
end

function done(summary, latency, requests)
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "non_2xx": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
