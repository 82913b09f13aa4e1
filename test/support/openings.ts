import { expect } from 'chai'
import { DateTime } from 'luxon'
import { call, type ApiAnswer, type TestStack } from './stack'
import { zoneOf } from './fixtures'
import { filed } from './lifecycle'

export const OPENINGS_PATH = '/apis/v1/openings'

/** `date` at `time` on the clinic's clock, written with the clinic's offset as a practice system would. */
export const localAt = (clinicId: string, date: string, time: string): string =>
  DateTime.fromISO(`${date}T${time}`, { zone: zoneOf(clinicId) }).toISO({ suppressMilliseconds: true }) ?? ''

/** A day `days` from today on the clinic's calendar, as YYYY-MM-DD. */
export const dayAhead = (clinicId: string, days: number): string =>
  DateTime.now().setZone(zoneOf(clinicId)).plus({ days }).toISODate() ?? ''

/** A valid opening at clinic-a1 (America/New_York) with prov-a1, three days ahead at 10:00 for an hour. */
export const openingBody = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  clinic_id: 'clinic-a1',
  provider_id: 'prov-a1',
  start: localAt('clinic-a1', dayAhead('clinic-a1', 3), '10:00'),
  duration_minutes: 60,
  ...overrides,
})

type Api = Pick<TestStack, 'baseUrl'>

export const postOpening = (stack: Api, token: string, body: unknown): Promise<ApiAnswer> =>
  call(stack, 'POST', OPENINGS_PATH, { token, body })

/** Opens a slot over HTTP and answers the opening; fails the test unless it is a 201. */
export const opened = async (
  stack: Api,
  token: string,
  overrides: Record<string, unknown> = {},
): Promise<ApiAnswer['body']> => {
  const answer = await postOpening(stack, token, openingBody(overrides))
  expect(answer.status, answer.text).to.equal(201)
  return answer.body.data
}

export const candidatesOf = (stack: Api, token: string, openingId: string, query = ''): Promise<ApiAnswer> =>
  call(stack, 'GET', `${OPENINGS_PATH}/${openingId}/candidates${query}`, { token })

/** Whether one request fits an opening, and why: the `data` of `…/candidates?request_id=`. */
export const fitOf = async (
  stack: Api,
  token: string,
  openingId: string,
  requestId: string,
): Promise<{ fits: boolean; rank: number | null; reasons: Array<{ code: string; message: string }> }> => {
  const answer = await candidatesOf(stack, token, openingId, `?request_id=${requestId}`)
  expect(answer.status, answer.text).to.equal(200)
  return answer.body.data
}

/** The codes of the rules a request fails (empty when it fits). */
export const failedRules = async (stack: Api, token: string, openingId: string, requestId: string) => {
  const answer = await fitOf(stack, token, openingId, requestId)
  return answer.fits ? [] : answer.reasons.map((reason) => reason.code)
}

/** The id of a request at clinic-a1 filed by staff for `patient`, taking anything on `day` alone unless told otherwise. */
export const dayRequest = async (
  stack: Api,
  token: string,
  day: string,
  patient: string,
  overrides: Record<string, unknown> = {},
): Promise<string> =>
  (
    await filed(
      stack,
      token,
      {
        preferred_providers: [],
        preferred_time_slots: [],
        preferred_days: [],
        date_range_start: day,
        date_range_end: day,
        ...overrides,
      },
      `?patient_id=${patient}`,
    )
  )['id'] as string
