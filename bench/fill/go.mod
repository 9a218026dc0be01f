module billing/bench/fill

go 1.26.0
