import * as t from 'io-ts'

/** One code per fit rule (docs/matching.md), the same whether the rule was met or failed. */
export const FitRuleCode = t.keyof(
  {
    STATUS: null,
    CLINIC: null,
    RELEASED_BY_PATIENT: null,
    CATEGORY: null,
    PROVIDER: null,
    DATE: null,
    WEEKDAY: null,
    PART_OF_DAY: null,
  },
  'FitRuleCode',
)
export type FitRuleCode = t.TypeOf<typeof FitRuleCode>

/** The adjustments to the clinic's waitlist order, each named where it applies. */
const AdjustmentCode = t.keyof({ RECENT_DECLINES: null, NAMES_PROVIDER: null }, 'AdjustmentCode')

/** Why a request fits, does not fit, or stands where it does: a stable code and a sentence for staff. */
export const Reason = t.type({ code: t.union([FitRuleCode, AdjustmentCode]), message: t.string })
export type Reason = t.TypeOf<typeof Reason>

export interface FitReason extends Reason {
  readonly code: FitRuleCode
}
