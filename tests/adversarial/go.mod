module billing/tests/adversarial

go 1.22
