import { summarise, type Summary } from './metrics'
import { runOffers } from './offer-run'
import { runPhone } from './phone-run'
import type { Compared } from './policies'
import type { Trace } from './trace'

/** One compared policy played against the trace, and its figures over the measured window. */
export const runCompared = (trace: Trace, compared: Compared): Summary => {
  const outcome =
    compared.kind === 'phone'
      ? runPhone(trace, compared.name, compared.minutesPerDay)
      : runOffers(trace, compared.name, compared.policy)
  return summarise(outcome, trace)
}
