/**
 * The names this service gives its identifiers, codes and extension in FHIR documents (docs/fhir.md). They are
 * names, not addresses: the same in every deployment, so a receiver's mapping holds whichever it talks to.
 */
const BASE = 'https://waitlist-service.example/fhir'

/** `Identifier.system` of each kind of id the reference data and the service hold. */
export const IDENTIFIER_SYSTEMS = {
  clinic: `${BASE}/sid/clinic-id`,
  provider: `${BASE}/sid/provider-id`,
  patient: `${BASE}/sid/patient-id`,
  waitlistRequest: `${BASE}/sid/waitlist-request-id`,
} as const

/** `Coding.system` of the service's own codes. */
export const CODE_SYSTEMS = {
  appointmentCategory: `${BASE}/CodeSystem/appointment-category`,
  appointmentType: `${BASE}/CodeSystem/appointment-type`,
  cancellationReason: `${BASE}/CodeSystem/waitlist-cancellation-reason`,
} as const

/** The extension that carries a request's preferred days and parts of day (docs/fhir.md#the-preferences-extension). */
export const PREFERENCES_EXTENSION_URL = `${BASE}/StructureDefinition/waitlist-preferences`

/** HL7's system for identifiers that are URIs: an opening's id as `urn:uuid:…`. */
export const URI_IDENTIFIER_SYSTEM = 'urn:ietf:rfc:3986'

/** HL7 v2 table 0276 (appointment reason codes), the value set R4 suggests for `Appointment.appointmentType`. */
export const V2_APPOINTMENT_REASON_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v2-0276'
