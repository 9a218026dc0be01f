#!/usr/bin/env bash
# The UBL writer's e-invoices through the official validators
# (tests/einvoice/validate: UBL 2.1 XSD, CEN EN 16931, Peppol BIS 3).
#
#   validate_matrix.sh batch RUN_DIR UBL_SAMPLE   # write and validate everything once
#   validate_matrix.sh CASE RUN_DIR               # matrix | tax-total-changed | tax-subtotal-changed
#
# Compiling the rule stylesheets costs seconds per JVM, so "batch" writes
# every case with ubl_sample, derives the broken documents, validates all in
# one run and keeps the output; each case then checks its part of it. A
# validator that cannot run exits 2, which fails the batch and every case:
# nothing is skipped.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
validate=$here/../../einvoice/validate
case_name=${1:?usage: validate_matrix.sh batch|CASE RUN_DIR [UBL_SAMPLE]}
run_dir=${2:?usage: validate_matrix.sh batch|CASE RUN_DIR [UBL_SAMPLE]}

# Every matrix case ubl_sample writes; a missing one fails the matrix.
cases=(standard-rate two-rates zero-rated exempt reverse-charge intra-community export outside-scope
  line-discounts inclusive-prices jpy credit-note-partial credit-note-second
  credit-note-whole-inclusive lines-300 domestic-germany)

fail() { echo "FAIL: $*" >&2; exit 1; }

# mutate CASE NAME PERL-SUBSTITUTION: RUN_DIR/docs/NAME.xml is CASE's
# document with that one edit, which must apply.
mutate() {
  local docs=$run_dir/docs
  perl -0pe "$3" "$docs/$1.xml" >"$docs/$2.xml"
  ! cmp -s "$docs/$1.xml" "$docs/$2.xml" || fail "the edit did not apply to $1.xml: $3"
  echo "$2.xml:"
  diff "$docs/$1.xml" "$docs/$2.xml" || true
}

# line_of FILE: the validator's summary line of RUN_DIR/docs/FILE.
line_of() {
  grep -F -- "$run_dir/docs/$1: " "$run_dir/out" | grep -E ": (VALID|INVALID) " || true
}

case "$case_name" in
  batch)
    sample=${3:?validate_matrix.sh batch RUN_DIR UBL_SAMPLE}
    rm -rf "$run_dir"
    mkdir -p "$run_dir/docs"
    "$sample" "$run_dir/docs"
    # The invoice's total VAT one cent off: BT-110 no longer adds up (BR-CO-15).
    mutate standard-rate tax-total-changed \
      's{(<cac:TaxTotal>\s*<cbc:TaxAmount currencyID="EUR">)([0-9]+\.[0-9]{2})}{$1.sprintf("%.2f", $2 + 0.01)}e'
    # The first category's VAT 2.00 more: past the 1.00 that BR-CO-17 allows.
    mutate two-rates tax-subtotal-changed \
      's{(<cac:TaxSubtotal>\s*<cbc:TaxableAmount currencyID="EUR">[0-9.]+</cbc:TaxableAmount>\s*<cbc:TaxAmount currencyID="EUR">)([0-9]+\.[0-9]{2})}{$1.sprintf("%.2f", $2 + 2)}e'
    status=0
    "$validate" "$run_dir/docs"/*.xml >"$run_dir/out" 2>&1 || status=$?
    cat "$run_dir/out"
    # 1: the broken documents are invalid; 0 would mean they passed, 2 that
    # the toolchain failed.
    [ "$status" -eq 1 ] || fail "validate exited $status, expected 1"
    touch "$run_dir/complete"
    ;;
  matrix)
    [ -f "$run_dir/complete" ] || fail "no batch run in $run_dir (einvoice_ubl_batch failed?)"
    for c in "${cases[@]}"; do
      line=$(line_of "$c.xml")
      echo "$line"
      # Every step ran, fired rules, and found nothing fatal.
      echo "$line" | grep -Eq ": VALID (Invoice|CreditNote): xsd 0 fatal, [0-9]+ warning; cen 0 fatal, [0-9]+ warning \([1-9][0-9]* rules fired\); peppol 0 fatal, [0-9]+ warning \([1-9][0-9]* rules fired\)$" ||
        { grep -F -- "$run_dir/docs/$c.xml: " "$run_dir/out" >&2 || true; fail "$c.xml is not valid"; }
    done
    echo "${#cases[@]} cases valid"
    ;;
  tax-total-changed | tax-subtotal-changed)
    [ -f "$run_dir/complete" ] || fail "no batch run in $run_dir (einvoice_ubl_batch failed?)"
    rule=BR-CO-15
    [ "$case_name" = tax-subtotal-changed ] && rule=BR-CO-17
    grep -F -- "$run_dir/docs/$case_name.xml: " "$run_dir/out" || true
    grep -F -- "$run_dir/docs/$case_name.xml: cen fatal $rule: " "$run_dir/out" >/dev/null ||
      fail "$case_name.xml: no fatal $rule"
    line_of "$case_name.xml" | grep -Eq ": INVALID Invoice: xsd 0 fatal" ||
      fail "$case_name.xml is not reported INVALID (and XSD-clean)"
    ;;
  *)
    echo "unknown case $case_name" >&2
    exit 2 ;;
esac
echo "PASS: $case_name"
