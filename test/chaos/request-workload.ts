import { setTimeout as sleep } from 'node:timers/promises'
import { randomUUID } from 'node:crypto'
import type { Answer, Client } from './client'
import type { Random } from './random'
import { answeredId, recordAnswers, worthRetrying, type OperationKind, type Records } from './records'
import { LIFECYCLE_CLINIC, OFFER_CLINIC, clinicDay, patientCount, patientId, requestBody, type Tokens } from './world'

const REQUESTS = '/apis/v1/waitlist-requests'
const RETRIES = 6

export interface Workload {
  readonly client: Client
  readonly tokens: Tokens
  readonly records: Records
  /** A value no other operation of the run writes. */
  readonly marker: () => string
  readonly running: () => boolean
}

/** An ACTIVE request of the lifecycle clinic that no operation is touching, with the version last read. */
export interface Live {
  readonly id: string
  readonly patient: string
  readonly version: number
}

/**
 * Sends a call again while it gets no answer or a 5xx, a little later each time, as a client that holds an
 * Idempotency-Key (or an external_id) safely may; answers every answer it got.
 */
export const sendUntilAnswered = async (send: () => Promise<Answer>): Promise<Answer[]> => {
  const answers: Answer[] = []
  for (let attempt = 1; attempt <= RETRIES; attempt++) {
    const answer = await send()
    answers.push(answer)
    if (!worthRetrying(answer)) break
    await sleep(500 * attempt)
  }
  return answers
}

/**
 * One client of the API: creates (with and without an Idempotency-Key, some the rules refuse), changes with the
 * ETag last read, cancels, fulfils and reads, chosen at random, until the run ends. Each request the lifecycle
 * clinic stores is touched by one operation at a time; after an answer that leaves its state unknown (none, a 5xx,
 * a 202) the client lets it be, so every later answer is judged against a version the client knows.
 */
export const requestClient = async (workload: Workload, random: Random, live: Map<string, Live>): Promise<void> => {
  const { client, tokens, records } = workload
  const someone = () => patientId(random.between(1, patientCount))
  const asWho = (patient: string) =>
    random.chance(0.5)
      ? { token: tokens.patient(patient), query: '', filedBy: { filedBy: patient } }
      : { token: tokens.staff('desk-chaos'), query: `?patient_id=${patient}`, filedBy: {} }

  const create = async (kind: OperationKind, clinic: typeof LIFECYCLE_CLINIC | typeof OFFER_CLINIC) => {
    const marker = workload.marker()
    const patient = someone()
    const who = asWho(patient)
    const refusal =
      kind !== 'create-refused'
        ? {}
        : random.chance(0.5)
          ? { date_range_start: clinicDay(clinic, 20).toISODate(), date_range_end: clinicDay(clinic, 5).toISODate() }
          : { preferred_providers: ['prov-nobody'] }
    const body = requestBody(clinic, marker, random.between(1, 5), refusal)
    const key = randomUUID()
    const send = () =>
      client.send('POST', `${REQUESTS}${who.query}`, {
        token: who.token,
        body,
        ...(kind === 'create-unkeyed' ? {} : { headers: { 'Idempotency-Key': key } }),
      })
    const answers = kind === 'create-unkeyed' ? [await send()] : await sendUntilAnswered(send)
    const ids = [...new Set(answers.map(answeredId).filter((id): id is string => id !== undefined))]
    const last = recordAnswers(records, kind, answers, {
      marker,
      ...who.filedBy,
      answeredIds: ids,
      ...(ids[0] === undefined ? {} : { requestId: ids[0] }),
    })
    if (clinic === LIFECYCLE_CLINIC && last.status === 201 && ids[0] !== undefined)
      live.set(ids[0], { id: ids[0], patient, version: 1 })
  }

  /** Takes one live request out of the pool while an operation works on it. */
  const take = (): Live | undefined => {
    if (live.size === 0) return undefined
    const chosen = random.pick([...live.keys()])
    const request = live.get(chosen)
    live.delete(chosen)
    return request
  }

  const lifecycle = async (kind: 'change' | 'cancel' | 'fulfil' | 'read', request: Live) => {
    const marker = workload.marker()
    const path = `${REQUESTS}/${request.id}`
    const staff = tokens.staff('desk-chaos')
    const asPatient = random.chance(0.5)
    const byPatient = asPatient ? tokens.patient(request.patient) : staff
    const answer =
      kind === 'change'
        ? await client.send('PATCH', path, {
            token: byPatient,
            // Priority is the clinic's call: only staff change it.
            body: asPatient ? { notes: marker } : { notes: marker, priority: random.between(1, 5) },
            headers: { 'If-Match': `"${request.version}"` },
          })
        : kind === 'cancel'
          ? await client.send('POST', `${path}/cancel`, { token: byPatient, body: { reason: marker } })
          : kind === 'fulfil'
            ? await client.send('POST', `${path}/fulfill`, {
                token: staff,
                body: { appointment_id: marker, appointment_start: new Date(Date.now() + 86_400_000).toISOString() },
              })
            : await client.send('GET', path, { token: byPatient })
    recordAnswers(records, kind, [answer], { requestId: request.id, ...(kind === 'read' ? {} : { marker }) })
    const stillActive = kind === 'change' || kind === 'read'
    if (stillActive && answer.status === 200) {
      const version = Number(answer.headers?.get('etag')?.replaceAll('"', ''))
      live.set(request.id, { ...request, version: Number.isInteger(version) ? version : request.version })
    }
  }

  while (workload.running()) {
    const roll = random.next()
    if (roll < 0.25) await create('create', random.chance(0.5) ? LIFECYCLE_CLINIC : OFFER_CLINIC)
    else if (roll < 0.35) await create('create-unkeyed', random.chance(0.5) ? LIFECYCLE_CLINIC : OFFER_CLINIC)
    else if (roll < 0.4) await create('create-refused', LIFECYCLE_CLINIC)
    else {
      const request = take()
      if (request === undefined) await create('create', LIFECYCLE_CLINIC)
      else if (roll < 0.62) await lifecycle('change', request)
      else if (roll < 0.7) await lifecycle('cancel', request)
      else if (roll < 0.78) await lifecycle('fulfil', request)
      else await lifecycle('read', request)
    }
    await sleep(random.between(20, 120))
  }
}
