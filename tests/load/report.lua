-- wrk's summary as one machine-readable line (tests/load/bench.py reads it): wrk's own
-- --latency output stops at p50/75/90/99, and the benchmark reports p95.
-- No response() callback: defining one makes wrk parse every body, which slows it down.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d bytes=%d p50_us=%d p95_us=%d p99_us=%d " ..
    "max_us=%d mean_us=%.1f connect=%d read=%d write=%d status=%d timeout=%d\n",
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max, latency.mean,
    e.connect, e.read, e.write, e.status, e.timeout))
end
