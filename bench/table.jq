# scripts/bench.sh's printed tables, from its results document.
def pad($n): tostring | if length < $n then . + (" " * ($n - length)) else . end;
def lpad($n): tostring | if length < $n then (" " * ($n - length)) + . else . end;
def r($d): (. * pow(10; $d) | round) / pow(10; $d);
def pct: "\((. * 1000 | round) / 10)%";

"benchmark (\(.mode)), \(.date), \(.machine.cpus) CPUs, load average at the end \(.machine.loadavg_at_end)",
"",
("operation" | pad(34)) + ("callers" | lpad(7)) + ("calls/s" | lpad(10)) + ("p50 ms" | lpad(9))
  + ("p99 ms" | lpad(9)) + ("errors" | lpad(7)) + "  ratio",
(.operations[] | select(.rps != null)
  | (.name | pad(34)) + (.callers | lpad(7)) + (.rps | floor | lpad(10)) + (.p50_ms | r(3) | lpad(9))
    + (.p99_ms | r(3) | lpad(9)) + (.errors | lpad(7)) + "  "
    + ([.ratios[] | "\(.ratio | pct) of \(.baseline)"] | join(", "))),
(if any(.operations[]; .seconds != null) then
  "",
  ("revenue calculation" | pad(34)) + ("seconds" | lpad(9)) + ("RSS before" | lpad(12))
    + ("after" | lpad(7)) + ("peak" | lpad(7)) + "  MB",
  (.operations[] | select(.seconds != null)
    | (.name | pad(34)) + (.seconds | lpad(9)) + (.rss_before_mb | lpad(12))
      + (.rss_after_mb | lpad(7)) + (.rss_peak_mb | lpad(7)))
 else empty end),
"",
("target" | pad(72)) + ("measured" | pad(18)) + "met",
(.targets[] | (.target | pad(72)) + (.measured | pad(18)) + (if .met then "met" else "MISSED" end))
