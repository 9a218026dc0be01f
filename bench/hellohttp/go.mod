module billing/bench/hellohttp

go 1.26.0
