# scripts/bench.sh's results document, from the slurped operation records:
# ratios to each operation's baselines and issue 14's targets, met or missed.
def byname: map({key: .name, value: .}) | from_entries;
# empty unless both operations ran (a mode may measure only some).
def ratio($a; $b): if $a != null and $b != null then $a.rps / $b.rps else empty end;
def r3: . * 1000 | round / 1000;
def pct: (. * 1000 | round) / 10;
def target($what; $measured; $met): {target: $what, measured: $measured, met: $met};

. as $ops
| ($ops | byname) as $by
| ($ops | map(.size // empty) | unique) as $sizes
| {
    mode: $mode, date: $date,
    machine: {cpus: $cpus, loadavg_at_end: $load},
    settings: {duration_per_operation: $duration, callers: $callers,
               server_args: $server_args, tools: $tools},
    operations: ($ops | map(
      . as $op
      | .ratios = [(.baselines // [])[] | select($by[.] != null)
                   | {baseline: ., ratio: ($op.rps / $by[.].rps)}]
      | del(.baselines))),
    targets: (
      [ (ratio($by.grpc_get_invoice; $by.hello_grpc) as $r
         | target("GetInvoice >= 60% of hello-world gRPC"; "\($r | pct)%"; $r >= 0.6)),
        (ratio($by.grpc_create_invoice; $by.hello_grpc) as $r
         | target("CreateInvoice, \($callers) callers, >= 40% of hello-world gRPC"; "\($r | pct)%"; $r >= 0.4)),
        (ratio($by.rest_get_invoice; $by.grpc_get_invoice) as $r
         | target("REST GET >= 75% of direct gRPC GetInvoice"; "\($r | pct)%"; $r >= 0.75)),
        (($by.grpc_get_invoice_at_80pct // empty | .p99_ms) as $p
         | target("GetInvoice p99 <= 10 ms at 80% of its peak"; "\($p | r3) ms"; $p <= 10)),
        # Issue 20 (PostgreSQL's figures when run on it; measured on SQLite too).
        (($by.fresh_create_process // empty) as $f
         | target("fresh database, \($f.callers) callers create+process: >= 400 processes/s";
                  "\($f.rps | floor)/s"; $f.rps >= 400),
           target("  its process p99 <= 150 ms"; "\($f.p99_ms | r3) ms"; $f.p99_ms <= 150),
           target("  no 5xx"; "\($f.errors)"; $f.errors == 0)),
        (($by.race_process_cancel // empty) as $r
         | target("process/cancel race: no 5xx, no lost cancel, numbers gap-free";
                  "\($r.errors) 5xx, \($r.refused) lost";
                  $r.errors == 0 and $r.refused == 0 and $r.numbers_gap_free)),
        # Issue 23: a 10-line invoice's PDF renders in under 50 ms and is under 100 KB.
        (($by.pdf_render_10_lines // empty) as $p
         | target("PDF of a 10-line invoice: p99 <= 50 ms, < 100 KB";
                  "\($p.p99_ms | r3) ms, \($p.bytes / 1024 | floor) KB"; $p.p99_ms <= 50 and $p.bytes < 102400)),
        (($by.grpc_create_invoice // empty | select($server_args | test("postgres"))) as $c
         | target("CreateInvoice, \($c.callers) callers, >= 1.5k/s (PostgreSQL)"; "\($c.rps | floor)/s";
                  $c.rps >= 1500))
      ]
      + if ($sizes | length) == 0 then [] else
          ($sizes | min) as $small | ($sizes | max) as $big
          | (if $big == 1000000 then "1M" else "\($big) (not 1M)" end) as $at
          | [ ($by["list_page1_at_\($big)"].p50_ms / $by["list_page1_at_\($small)"].p50_ms) as $r
              | target("ListInvoices page 1 at \($at) within 1.5x of at \($small) (p50)";
                       "\((($r * 100) | round) / 100)x"; $r <= 1.5),
              ([$ops[] | select(.size == $big and (.name | startswith("list_"))) | .p50_ms] | max) as $p
              | target("any list page <= 10 ms at \($at) (p50)"; "\($p | r3) ms worst"; $p <= 10),
              ($by.receivables_aging_at_100000 // empty) as $ag
              | target("receivables aging over 100k open invoices <= 1 s (p99)";
                       "\($ag.p99_ms | r3) ms"; $ag.p99_ms <= 1000),
              $by["revenue_calculation_at_\($big)"] as $rc
              | target("revenue calculation over \($at) processed lines <= 5 s"; "\($rc.seconds) s"; $rc.seconds <= 5),
              $by["revenue_calculation_at_\($big)"] as $rc
              | ($rc.rss_peak_mb - $rc.rss_before_mb) as $g
              | target("its RSS growth <= 50 MB (peak - before)"; "\($g) MB"; $g <= 50),
              ($by["create_during_calc_at_\($big)"] // empty | .p99_ratio // empty) as $w
              | target("CreateInvoice p99 during a calculation (\($at)) <= 2x alone";
                       "\($w * 100 | round / 100)x"; $w <= 2)
            ]
        end)
  }
