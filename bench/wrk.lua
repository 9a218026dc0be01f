-- wrk script of scripts/bench.sh: one request shape from the environment
-- (WRK_METHOD, WRK_BODY, WRK_AUTH) and, when done, the figures bench.sh
-- needs as one JSON object in WRK_JSON (wrk's own report has no JSON).
wrk.method = os.getenv("WRK_METHOD") or "GET"
local body = os.getenv("WRK_BODY")
if body ~= nil and body ~= "" then
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
end
local auth = os.getenv("WRK_AUTH")
if auth ~= nil and auth ~= "" then
  wrk.headers["Authorization"] = auth
end

done = function(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  local f = assert(io.open(os.getenv("WRK_JSON"), "w"))
  -- errors.status counts answers with a status of 400 or more.
  f:write(string.format(
    '{"count":%d,"rps":%.3f,"p50_ms":%.4f,"p99_ms":%.4f,"errors":%d}\n',
    summary.requests, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout + e.status))
  f:close()
end
