#!/usr/bin/env bash
# The e-invoice validation test cases (tests/einvoice/CMakeLists.txt runs each).
#
#   check.sh batch RUN_DIR    # the one validator run most cases read
#   check.sh CASE RUN_DIR     # one case (listed below)
#
# Compiling the rule stylesheets costs seconds in every JVM, so "batch" makes
# the broken documents and validates them, the fixtures and the official
# examples in one run, keeping its output in RUN_DIR. The document cases check
# that output, each for its own file. The cases about exit status and toolchain
# failures run the validator themselves.
# A broken document is a fixture with one edit. The batch step checks that the
# edit applied, so each case shows that exactly that change is caught.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
validate=$here/validate
fixtures=$here/fixtures
case_name=${1:?usage: check.sh batch|CASE RUN_DIR}
run_dir=${2:?usage: check.sh batch|CASE RUN_DIR}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

# run EXPECTED_STATUS ARGS...: runs the validator into $tmp/out, shows the
# output, checks the exit status.
run() {
  local expected=$1 status=0
  shift
  "$validate" "$@" >"$tmp/out" 2>&1 || status=$?
  cat "$tmp/out"
  [ "$status" -eq "$expected" ] || fail "validate exited $status, expected $expected"
}

# expect_line REGEX: the output has a line matching REGEX.
expect_line() {
  grep -Eq -- "$1" "$tmp/out" || fail "no line matching: $1"
}

# mutate FIXTURE NAME SED-SCRIPT: writes DIR/NAME.xml, the fixture with one edit.
mutate() {
  sed "$3" "$fixtures/$1" >"$batch/$2.xml"
  ! cmp -s "$fixtures/$1" "$batch/$2.xml" || fail "the edit did not apply to $1: $3"
  echo "$2.xml:"
  diff "$fixtures/$1" "$batch/$2.xml" || true
}

# installed_examples cen|peppol: where the install step put those examples.
installed_examples() {
  local cache=${BILLING_EINVOICE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/billing-einvoice}
  echo "$cache/$(sha256sum "$here/validators.lock" | cut -c1-16)/examples/$1"
}

# from_batch: this case's lines of the batch run, into $tmp/out.
from_batch() {
  [ -f "$run_dir/complete" ] || fail "no batch run in $run_dir (einvoice_batch failed?)"
  cp "$run_dir/out" "$tmp/out"
}

# expect_file FILE_NAME FIXED-TEXT: the batch output has a line of that file
# (a document in the batch directory) containing FIXED-TEXT.
expect_file() {
  grep -F -- "$run_dir/docs/$1: " "$tmp/out" | grep -Fq -- "$2" ||
    { grep -F -- "$run_dir/docs/$1: " "$tmp/out" >&2 || true; fail "no line of $1 with: $2"; }
}

case "$case_name" in
  batch)
    # A failed batch leaves nothing behind for the cases to read.
    rm -rf "$run_dir"
    batch=$tmp/docs
    mkdir -p "$batch"
    cp "$fixtures/invoice.xml" "$fixtures/credit-note.xml" "$batch/"
    # The invoice's total VAT one cent off: the totals no longer add up.
    mutate invoice.xml tax-total-changed \
      's#<cbc:TaxAmount currencyID="EUR">409.35</cbc:TaxAmount>#<cbc:TaxAmount currencyID="EUR">409.36</cbc:TaxAmount>#'
    # The 10 % category's VAT changed by more than the 1.00 rounding tolerance
    # that BR-CO-17 allows.
    mutate invoice.xml tax-subtotal-changed \
      's#<cbc:TaxAmount currencyID="EUR">7.35</cbc:TaxAmount>#<cbc:TaxAmount currencyID="EUR">9.35</cbc:TaxAmount>#'
    # A credit note's total VAT changed: the same arithmetic rules apply.
    mutate credit-note.xml credit-note-tax-changed \
      '0,/<cbc:TaxAmount currencyID="EUR">54.00</s#<cbc:TaxAmount currencyID="EUR">54.00<#<cbc:TaxAmount currencyID="EUR">55.00<#'
    # No seller electronic address: valid EN 16931, refused by Peppol.
    mutate invoice.xml seller-endpoint-missing \
      '/<cac:AccountingSupplierParty>/,/<\/cac:AccountingSupplierParty>/{/<cbc:EndpointID/d}'
    # An element UBL does not have: only the schema knows.
    mutate invoice.xml xsd-violation 's#<cbc:ID>INV-000042</cbc:ID>#&<cbc:Colour>blue</cbc:Colour>#'
    # Any other XML is refused, not passed for want of rules.
    echo '<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"/>' >"$batch/not-ubl.xml"
    cen=$(installed_examples cen)
    peppol=$(installed_examples peppol)
    # Exit 1: the broken documents are invalid; 2 would be a toolchain failure.
    mkdir -p "$run_dir"
    mv "$batch" "$run_dir/docs"
    run 1 "$run_dir/docs"/*.xml "$cen"/* "$peppol"/*
    cp "$tmp/out" "$run_dir/out"
    touch "$run_dir/complete"
    ;;
  valid-fixtures)
    # Our own invoice (two rates, a line discount) and credit note pass all
    # three, and the validator exits 0.
    run 0 "$fixtures/invoice.xml" "$fixtures/credit-note.xml"
    expect_line "invoice.xml: VALID Invoice: xsd 0 fatal.*; cen 0 fatal.*; peppol 0 fatal"
    expect_line "credit-note.xml: VALID CreditNote: xsd 0 fatal.*; cen 0 fatal.*; peppol 0 fatal"
    ;;
  peppol-examples)
    # Peppol's own examples of the pinned release (not in the repository: no
    # licence to redistribute them) have zero fatal assertions.
    from_batch
    dir=$(installed_examples peppol)
    files=("$dir"/*.xml)
    [ ${#files[@]} -ge 10 ] || fail "expected Peppol's 10 billing examples in $dir, found ${#files[@]}"
    for f in "${files[@]}"; do
      grep -F -- "$f: " "$tmp/out" | grep -Eq ": VALID (Invoice|CreditNote): xsd 0 fatal, [0-9]+ warning; cen 0 fatal, [0-9]+ warning \([1-9][0-9]* rules fired\); peppol 0 fatal, [0-9]+ warning \([1-9][0-9]* rules fired\)$" ||
        fail "$f is not valid: $(grep -F -- "$f: " "$tmp/out")"
    done
    echo "${#files[@]} Peppol examples valid"
    ;;
  cen-examples)
    # The CEN examples (release 1.3.16) are EN 16931 invoices but not Peppol
    # ones (no Peppol customization, no electronic addresses): the schema and
    # the CEN rules find nothing fatal in any of them; Peppol may refuse them.
    from_batch
    dir=$(installed_examples cen)
    files=("$dir"/*)
    [ ${#files[@]} -ge 19 ] || fail "expected the 19 CEN UBL examples in $dir, found ${#files[@]}"
    for f in "${files[@]}"; do
      grep -F -- "$f: " "$tmp/out" |
        grep -Eq ": (VALID|INVALID) (Invoice|CreditNote): xsd 0 fatal, [0-9]+ warning; cen 0 fatal" ||
        fail "$f fails the XSD or the CEN rules: $(grep -F -- "$f: " "$tmp/out")"
    done
    echo "${#files[@]} CEN examples pass the XSD and the CEN rules"
    ;;
  tax-total-changed)
    from_batch
    expect_file tax-total-changed.xml "cen fatal BR-CO-15: "
    expect_file tax-total-changed.xml "INVALID Invoice"
    ;;
  tax-subtotal-changed)
    from_batch
    expect_file tax-subtotal-changed.xml "cen fatal BR-CO-17: "
    expect_file tax-subtotal-changed.xml "INVALID Invoice"
    ;;
  credit-note-tax-changed)
    from_batch
    expect_file credit-note-tax-changed.xml "cen fatal BR-CO-15: "
    expect_file credit-note-tax-changed.xml "INVALID CreditNote"
    ;;
  seller-endpoint-missing)
    from_batch
    expect_file seller-endpoint-missing.xml "peppol fatal PEPPOL-EN16931-R020: "
    expect_file seller-endpoint-missing.xml "INVALID Invoice: xsd 0 fatal, 0 warning; cen 0 fatal"
    ;;
  xsd-violation)
    from_batch
    expect_file xsd-violation.xml "xsd fatal -: cvc-complex-type.2.4.a: "
    expect_file xsd-violation.xml "Colour"
    expect_file xsd-violation.xml "INVALID Invoice: xsd 1 fatal"
    ;;
  not-ubl)
    from_batch
    expect_file not-ubl.xml "xsd fatal -: the root element is not a UBL 2.1 Invoice or CreditNote"
    expect_file not-ubl.xml "INVALID"
    ;;
  not-installed)
    # No validators installed: an error, never a pass.
    BILLING_EINVOICE_CACHE=$tmp/empty run 2 "$fixtures/invoice.xml"
    expect_line "ERROR: no validators"
    ;;
  rules-missing)
    run 2 --rules "peppol=$tmp/absent.xslt" "$fixtures/invoice.xml"
    expect_line "ERROR: peppol rules missing: "
    ;;
  no-svrl)
    # A rule set that produces no report fails the run.
    run 2 --rules "cen=$here/testdata/no-svrl.xslt" --rules "peppol=$here/testdata/no-svrl.xslt" \
      "$fixtures/invoice.xml"
    expect_line "ERROR: cen rules produced no SVRL"
    ;;
  no-rule-fired)
    # A rule set none of whose rules apply to the document fails the run.
    run 2 --rules "cen=$here/testdata/no-rule-fired.xslt" --rules "peppol=$here/testdata/no-rule-fired.xslt" \
      "$fixtures/invoice.xml"
    expect_line "ERROR: cen rules fired no rule"
    ;;
  *)
    echo "unknown case $case_name" >&2
    exit 2 ;;
esac
echo "PASS: $case_name"
