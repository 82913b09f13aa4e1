import * as t from 'io-ts'
import { Identifier } from '../codecs/identifier'
import { IsoDate } from '../codecs/iso-date'
import { Priority } from '../codecs/priority'
import { RequestId } from '../codecs/request-id'
import { AppointmentType } from '../reference-data/reference-records'
import { PaymentType, RequestStatus, TimeSlot, Weekday } from './enums'
import { noted } from '../schema/schema-notes'

export const ProviderDetails = t.type({ id: Identifier, first_name: t.string, last_name: t.string, title: t.string })
export type ProviderDetails = t.TypeOf<typeof ProviderDetails>

const PatientDetails = t.type({ id: Identifier, first_name: t.string, last_name: t.string })

/** The appointment that fulfilled a request: its id in the scheduling system and its start (UTC RFC 3339). */
export const BookedAppointment = t.type({ id: Identifier, start: t.string })
export type BookedAppointment = t.TypeOf<typeof BookedAppointment>

const Minutes = noted(t.refinement(t.number, Number.isInteger, 'Minutes'), { schema: { type: 'integer' } })
const EpochMs = noted(t.refinement(t.number, Number.isInteger, 'EpochMs'), { schema: { type: 'integer' } })

/**
 * A stored waitlist request as clients see it: the `data` of a 201. Beyond the
 * API page it carries `appointment_category`, the label (docs/contract.md#body-fields).
 */
export const WaitlistRequestPayload = t.intersection([
  t.type({
    id: RequestId,
    clinic_id: Identifier,
    patient_id: Identifier,
    preferred_providers: t.array(Identifier),
    preferred_time_slots: t.array(TimeSlot),
    preferred_days: t.array(Weekday),
    date_range_start: IsoDate,
    date_range_end: IsoDate,
    appointment_category_id: Identifier,
    appointment_category: t.string,
    appointment_type: AppointmentType,
    appointment_duration: Minutes,
    payment_type: PaymentType,
    priority: Priority,
    status: RequestStatus,
    notes: t.union([t.string, t.null]),
    patient: PatientDetails,
    created_at: t.string,
    created_at_epoch_ms: EpochMs,
    updated_at: t.string,
    created_by: t.string,
    updated_by: t.string,
  }),
  t.partial({
    preferred_provider_details: t.array(ProviderDetails),
    /** Present once a request is CANCELLED with a reason. */
    cancellation_reason: t.string,
    /** Present once a request is FULFILLED: the appointment staff booked for it. */
    booked_appointment: BookedAppointment,
  }),
])
export type WaitlistRequestPayload = t.TypeOf<typeof WaitlistRequestPayload>

/** What the rules resolve before anything is stored: the payload less its identity, status and audit fields. */
export type ResolvedWaitlistRequest = Omit<
  WaitlistRequestPayload,
  | 'id'
  | 'status'
  | 'created_at'
  | 'created_at_epoch_ms'
  | 'updated_at'
  | 'created_by'
  | 'updated_by'
  | 'cancellation_reason'
  | 'booked_appointment'
> & { readonly organization_id: Identifier }

/**
 * Provider details are left out, not sent empty, when no provider is preferred
 * (docs/contract.md#the-answer): `undefined` is dropped when the payload is written as JSON.
 */
export const providerDetailsField = <D>(details: ReadonlyArray<D>): Array<D> | undefined =>
  details.length > 0 ? [...details] : undefined
