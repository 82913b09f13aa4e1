import { setTimeout as sleep } from 'node:timers/promises'
import type { Answer } from './client'
import type { Random } from './random'
import { answeredId, recordAnswers } from './records'
import { sendUntilAnswered, type Workload } from './request-workload'
import { OFFER_CLINIC, PROVIDER, clinicDay } from './world'

const OFFERS = '/apis/v1/offers'

interface PendingOffer {
  readonly id: string
  readonly patient_id: string
}

/** The opening's PENDING offers once its first round is out; none if nobody fits or the round does not come. */
const pendingOffers = async (workload: Workload, openingId: string): Promise<PendingOffer[]> => {
  const deadline = Date.now() + 8_000
  while (Date.now() < deadline && workload.running()) {
    const answer = await workload.client.send('GET', `${OFFERS}?opening_id=${openingId}&status=PENDING`, {
      token: workload.tokens.staff('desk-chaos'),
    })
    const items: unknown = answer.body?.data?.items
    if (answer.status === 200 && Array.isArray(items) && items.length > 0) return items as PendingOffer[]
    await sleep(300)
  }
  return []
}

/**
 * The front desk opening slots at the offer clinic, and the patients offered each one answering at once: every
 * patient of the first round accepts, and staff accept for each of them on the phone in the same instant (now and
 * then one declines first). One of them books it; the reconciliation checks that only one did.
 */
export const openingsClient = async (workload: Workload, random: Random, seed: number): Promise<void> => {
  const { client, tokens, records } = workload
  let slot = 0
  while (workload.running()) {
    await sleep(random.between(2_000, 5_000))
    if (!workload.running()) break
    slot += 1
    const externalId = `chaos-s${seed}-slot-${slot}`
    const start = clinicDay(OFFER_CLINIC, random.between(2, 28)).plus({ hours: random.between(8, 17) })
    const answers = await sendUntilAnswered(() =>
      client.send('POST', '/apis/v1/openings', {
        token: tokens.staff('desk-chaos'),
        body: {
          clinic_id: OFFER_CLINIC,
          provider_id: PROVIDER,
          start: start.toISO(),
          duration_minutes: 60,
          external_id: externalId,
        },
      }),
    )
    const openingId = answeredId(answers[answers.length - 1] as Answer)
    const last = recordAnswers(records, 'open-slot', answers, {
      marker: externalId,
      ...(openingId === undefined ? {} : { openingId }),
    })
    if (openingId === undefined || (last.status !== 201 && last.status !== 202)) continue
    const offers = await pendingOffers(workload, openingId)
    const first = offers[0]
    if (first !== undefined && offers.length > 1 && random.chance(0.3)) {
      const answer = await client.send('POST', `${OFFERS}/${first.id}/decline`, {
        token: tokens.patient(first.patient_id),
        body: { reason: 'away that week' },
      })
      recordAnswers(records, 'decline', [answer], { openingId, offerId: first.id })
    }
    await Promise.all(
      offers.flatMap((offer) =>
        [tokens.patient(offer.patient_id), tokens.staff(`desk-chaos-${random.between(1, 3)}`)].map(async (token) => {
          const answer = await client.send('POST', `${OFFERS}/${offer.id}/accept`, { token })
          recordAnswers(records, 'accept', [answer], { openingId, offerId: offer.id })
        }),
      ),
    )
  }
}
