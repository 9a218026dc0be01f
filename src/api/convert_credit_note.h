// Credit notes: proto <-> domain.
#ifndef BILLING_API_CONVERT_CREDIT_NOTE_H_
#define BILLING_API_CONVERT_CREDIT_NOTE_H_

#include "billing/v1/credit_note.pb.h"
#include "domain/credit_note.h"

namespace billing::api {

domain::CreditNoteInput ToCreditNoteInput(const v1::CreditNote& note);
v1::CreditNote ToProto(const domain::CreditNote& note);

}  // namespace billing::api

#endif  // BILLING_API_CONVERT_CREDIT_NOTE_H_
