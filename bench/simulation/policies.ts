import { DEFAULT_OFFER_POLICY, type OfferPolicy } from '../../shared/reference-data/offer-policy'
import { PARAMETERS } from './parameters'

/**
 * The policies compared on one trace (issue 17): the phone list (with each
 * staff time of parameters.ts), one offer
 * at a time, the service's default, and a sweep of batch_size × hold_seconds
 * with the default's other fields. A sweep point equal to a named policy is
 * that policy's run.
 */

export type Compared = PhoneRun | OfferRun

interface PhoneRun {
  readonly name: string
  readonly kind: 'phone'
  readonly minutesPerDay: number
}

export interface OfferRun {
  readonly name: string
  readonly kind: 'offers'
  readonly policy: OfferPolicy
}

export const holdName = (hold: number | undefined): string => {
  if (hold === undefined) return 'by notice'
  return hold >= 3600 ? `${hold / 3600} h` : `${hold / 60} min`
}

const swept = (batch: number, hold: number | undefined): OfferRun => ({
  name: `batch ${batch}, hold ${holdName(hold)}`,
  kind: 'offers',
  policy: { ...DEFAULT_OFFER_POLICY, batch_size: batch, hold_seconds: hold },
})

export const ONE_AT_A_TIME: OfferRun = { ...swept(1, undefined), name: 'one offer at a time' }
export const DEFAULT_POLICY: OfferRun = { name: 'default policy', kind: 'offers', policy: DEFAULT_OFFER_POLICY }

// Every run has the default's other fields.
const sameRules = (a: OfferPolicy, b: OfferPolicy) => a.batch_size === b.batch_size && a.hold_seconds === b.hold_seconds

/** Every policy run, named ones first; each distinct policy once. */
export const comparedPolicies = (): Compared[] => {
  const phone = PARAMETERS.phone.minutesPerDay.map((minutes): PhoneRun => ({
    name: `phone list, ${minutes} min a day`,
    kind: 'phone',
    minutesPerDay: minutes,
  }))
  const named: Compared[] = [...phone, ONE_AT_A_TIME, DEFAULT_POLICY]
  const sweep = PARAMETERS.sweep.batchSizes.flatMap((batch) =>
    PARAMETERS.sweep.holdSeconds.map((hold) => swept(batch, hold ?? undefined)),
  )
  return [
    ...named,
    ...sweep.filter((run) => !named.some((n) => n.kind === 'offers' && sameRules(n.policy, run.policy))),
  ]
}

/** Where a sweep point's figures are: its own run, or the named run with the same rules. */
export const sweepPoints = (): OfferRun[] =>
  PARAMETERS.sweep.batchSizes.flatMap((batch) =>
    PARAMETERS.sweep.holdSeconds.map((hold) => swept(batch, hold ?? undefined)),
  )

export const runNameFor = (point: OfferRun, runs: ReadonlyArray<Compared>): string =>
  runs.find((run) => run.kind === 'offers' && sameRules(run.policy, point.policy))?.name ?? point.name
