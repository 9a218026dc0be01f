#!/usr/bin/env bash
# One e-invoice validation test case (tests/einvoice/CMakeLists.txt runs each):
# runs tests/einvoice/validate on a document and checks its exit status and the
# rule it names. Broken documents are derived from the valid fixtures by one
# edit, checked to have applied, so each case proves that exactly that change is
# caught. Usage: check.sh CASE (the cases are listed at the bottom).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
validate=$here/validate
fixtures=$here/fixtures
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

# run EXPECTED_STATUS ARGS...: runs the validator, shows its output, checks its status.
run() {
  local expected=$1 status=0
  shift
  "$validate" "$@" >"$tmp/out" 2>&1 || status=$?
  cat "$tmp/out"
  [ "$status" -eq "$expected" ] || fail "validate exited $status, expected $expected"
}

# expect_line REGEX: the validator's output has a line matching REGEX.
expect_line() {
  grep -Eq -- "$1" "$tmp/out" || fail "no line matching: $1"
}

# mutate FIXTURE NAME SED-SCRIPT: writes $tmp/NAME.xml, the fixture with one edit.
mutate() {
  sed "$3" "$fixtures/$1" >"$tmp/$2.xml"
  ! cmp -s "$fixtures/$1" "$tmp/$2.xml" || fail "the edit did not apply to $1: $3"
  diff "$fixtures/$1" "$tmp/$2.xml" || true
}

installed_examples() {
  local lock=$here/validators.lock
  local cache=${BILLING_EINVOICE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/billing-einvoice}
  echo "$cache/$(sha256sum "$lock" | cut -c1-16)/examples/peppol"
}

case "${1:-}" in
  valid-fixtures)
    # Our own invoice (two rates, a line discount) and credit note pass all three.
    run 0 "$fixtures/invoice.xml" "$fixtures/credit-note.xml"
    expect_line "invoice.xml: VALID Invoice: xsd 0 fatal.*; cen 0 fatal.*; peppol 0 fatal"
    expect_line "credit-note.xml: VALID CreditNote: xsd 0 fatal.*; cen 0 fatal.*; peppol 0 fatal"
    ;;
  peppol-examples)
    # Peppol's own examples of the pinned release (not in the repository: no
    # licence to redistribute them) have zero fatal assertions.
    dir=$(installed_examples)
    files=("$dir"/*.xml)
    [ ${#files[@]} -ge 10 ] || fail "expected Peppol's 10 billing examples in $dir, found ${#files[@]}"
    run 0 "${files[@]}"
    expect_line "^${#files[@]} valid, 0 invalid$"
    ;;
  tax-total-changed)
    # The invoice's total VAT one cent off: the totals no longer add up.
    mutate invoice.xml broken \
      's#<cbc:TaxAmount currencyID="EUR">409.35</cbc:TaxAmount>#<cbc:TaxAmount currencyID="EUR">409.36</cbc:TaxAmount>#'
    run 1 "$tmp/broken.xml"
    expect_line "broken.xml: cen fatal BR-CO-15: "
    expect_line "broken.xml: INVALID Invoice"
    ;;
  tax-subtotal-changed)
    # The 10 % category's VAT changed by more than the one-unit rounding
    # tolerance BR-CO-17 allows.
    mutate invoice.xml broken \
      's#<cbc:TaxAmount currencyID="EUR">7.35</cbc:TaxAmount>#<cbc:TaxAmount currencyID="EUR">9.35</cbc:TaxAmount>#'
    run 1 "$tmp/broken.xml"
    expect_line "broken.xml: cen fatal BR-CO-17: "
    ;;
  credit-note-tax-changed)
    # A credit note's total VAT changed: the same arithmetic rules apply.
    mutate credit-note.xml broken \
      '0,/<cbc:TaxAmount currencyID="EUR">54.00</s#<cbc:TaxAmount currencyID="EUR">54.00<#<cbc:TaxAmount currencyID="EUR">55.00<#'
    run 1 "$tmp/broken.xml"
    expect_line "broken.xml: cen fatal BR-CO-15: "
    expect_line "broken.xml: INVALID CreditNote"
    ;;
  seller-endpoint-missing)
    # No seller electronic address: valid EN 16931, refused by Peppol.
    mutate invoice.xml broken \
      '/<cac:AccountingSupplierParty>/,/<\/cac:AccountingSupplierParty>/{/<cbc:EndpointID/d}'
    run 1 "$tmp/broken.xml"
    expect_line "broken.xml: peppol fatal PEPPOL-EN16931-R020: "
    expect_line "broken.xml: INVALID Invoice: xsd 0 fatal.*; cen 0 fatal"
    ;;
  xsd-violation)
    # An element UBL does not have: only the schema knows.
    mutate invoice.xml broken 's#<cbc:ID>INV-000042</cbc:ID>#&<cbc:Colour>blue</cbc:Colour>#'
    run 1 "$tmp/broken.xml"
    expect_line "broken.xml: xsd fatal -: cvc-complex-type.2.4.a: .*Colour"
    ;;
  not-ubl)
    # Any other XML is refused, not passed for want of rules.
    echo '<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"/>' >"$tmp/order.xml"
    run 1 "$tmp/order.xml"
    expect_line "order.xml: xsd fatal -: the root element is not a UBL 2.1 Invoice or CreditNote"
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
    echo "usage: check.sh CASE" >&2
    exit 2 ;;
esac
echo "PASS: $1"
