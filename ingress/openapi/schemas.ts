import type * as t from 'io-ts'
import { FieldError } from '../../shared/errors/field-error'
import { AcceptedOffer, LinkedOffer, OpeningWithOffers } from '../../shared/offers/linked-offer'
import { OfferListPage } from '../../shared/offers/offer-list'
import { DeclineOffer } from '../../shared/offers/offer-answer'
import { Booking } from '../../shared/offers/offer-payload'
import { CandidateList, FitAnswer } from '../../shared/openings/candidates'
import { CreateOpening } from '../../shared/openings/create-opening'
import { OpeningListPage } from '../../shared/openings/opening-list'
import { OpeningPayload } from '../../shared/openings/opening-payload'
import { Candidate } from '../../shared/openings/rank'
import { Reason } from '../../shared/openings/reasons'
import { OperationOutcome } from '../../shared/fhir/operation-outcome'
import { WaitlistSearchset } from '../../shared/fhir/searchset'
import { FhirSlot } from '../../shared/fhir/slot'
import { SlotInput } from '../../shared/fhir/slot-input'
import { WaitlistAppointment } from '../../shared/fhir/waitlist-appointment'
import { jsonSchemaOf } from '../../shared/schema/json-schema'
import type { JsonSchema } from '../../shared/schema/schema-notes'
import { CreateWaitlistRequest } from '../../shared/waitlist-request/create-waitlist-request'
import { HistoryPage } from '../../shared/waitlist-request/history'
import { ListPage } from '../../shared/waitlist-request/list-query'
import { WaitlistRequestPayload } from '../../shared/waitlist-request/waitlist-request-payload'
import { AcceptedEnvelope, ErrorEnvelope, Processing } from '../http/envelope'

/**
 * The codecs the document names (components.schemas): each written out once, and referred to wherever else it
 * appears. Anything not named here is written out where it is used.
 */
const NAMED: ReadonlyArray<readonly [string, t.Any]> = [
  ['CreateWaitlistRequest', CreateWaitlistRequest],
  ['WaitlistRequest', WaitlistRequestPayload],
  ['WaitlistRequestPage', ListPage],
  ['History', HistoryPage],
  ['CreateOpening', CreateOpening],
  ['Opening', OpeningPayload],
  ['OpeningWithOffers', OpeningWithOffers],
  ['OpeningPage', OpeningListPage],
  ['Candidates', CandidateList],
  ['Candidate', Candidate],
  ['FitAnswer', FitAnswer],
  ['Reason', Reason],
  ['Offer', LinkedOffer],
  ['AcceptedOffer', AcceptedOffer],
  ['Booking', Booking],
  ['OfferPage', OfferListPage],
  ['DeclineOffer', DeclineOffer],
  ['Processing', Processing],
  ['AcceptedEnvelope', AcceptedEnvelope],
  ['ErrorEnvelope', ErrorEnvelope],
  ['FieldError', FieldError],
  ['FhirAppointment', WaitlistAppointment],
  ['FhirSearchset', WaitlistSearchset],
  ['FhirSlotInput', SlotInput],
  ['FhirSlot', FhirSlot],
  ['OperationOutcome', OperationOutcome],
]

const refs: ReadonlyMap<t.Any, string> = new Map(NAMED.map(([name, codec]) => [codec, `#/components/schemas/${name}`]))

/** The schema of a codec in this document: named codecs below it are `$ref`s. */
export const schemaOf = (codec: t.Any, options: { readonly nullable?: boolean } = {}): JsonSchema =>
  jsonSchemaOf(codec, { refs, ...options })

export const componentSchemas = (): Record<string, JsonSchema> =>
  Object.fromEntries(NAMED.map(([name, codec]) => [name, schemaOf(codec)]))
