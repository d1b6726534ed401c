-- wrk script: count 5xx answers in every thread and print one JSON line the benchmark parses.
local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

function init(args)
   server_errors = 0
end

function response(status, headers, body)
   if status >= 500 then
      server_errors = server_errors + 1
   end
end

function done(summary, latency, requests)
   local server_error_total = 0
   for _, thread in ipairs(threads) do
      server_error_total = server_error_total + thread:get("server_errors")
   end
   local errors = summary.errors
   io.write(string.format(
      'WRK_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "non_2xx_3xx": %d, "server_errors": %d, ' ..
      '"socket_errors": %d, "timeouts": %d, "p50_us": %d, "p90_us": %d, "p95_us": %d, "p99_us": %d, ' ..
      '"max_us": %d, "mean_us": %.1f}\n',
      summary.requests, summary.duration, summary.bytes, errors.status, server_error_total,
      errors.connect + errors.read + errors.write, errors.timeout,
      latency:percentile(50), latency:percentile(90), latency:percentile(95), latency:percentile(99),
      latency.max, latency.mean))
end
