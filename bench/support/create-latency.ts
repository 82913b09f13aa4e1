import { setTimeout as sleep } from 'node:timers/promises'
import { DateTime } from 'luxon'

/** A valid create for the demo data, dated from a week ahead on clinic-123's calendar. */
const demoBody = (index: number) => {
  const start = DateTime.now().setZone('America/New_York').plus({ days: 7 })
  return {
    clinic_id: 'clinic-123',
    preferred_providers: ['provider-789'],
    preferred_time_slots: ['MORNING'],
    date_range_start: start.toISODate(),
    date_range_end: start.plus({ days: 20 }).toISODate(),
    appointment_category_id: '2058',
    payment_type: 'INSURANCE_PAY',
    notes: `latency probe ${index}`,
  }
}

/**
 * Single creates through the API, one at a time as a person at a front desk
 * would send them, each timed from request to answer; it stops after `count`
 * or when `until` says so. Any answer but 201 is a failure of the measurement.
 */
export const measureCreates = async (options: {
  readonly baseUrl: string
  readonly token: string
  readonly count: number
  readonly pauseMs: number
  readonly until?: () => boolean
}): Promise<number[]> => {
  const latencies: number[] = []
  for (let index = 0; index < options.count && !(options.until?.() ?? false); index += 1) {
    const started = process.hrtime.bigint()
    const response = await fetch(`${options.baseUrl}/apis/v1/waitlist-requests?patient_id=patient-012`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${options.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(demoBody(index)),
    })
    const text = await response.text()
    latencies.push(Number(process.hrtime.bigint() - started) / 1e6)
    if (response.status !== 201) throw new Error(`a probe create answered ${response.status}: ${text}`)
    await sleep(options.pauseMs)
  }
  return latencies
}
