import { DateTime } from 'luxon'
import type { Summary } from './metrics'
import { PARAMETERS } from './parameters'
import type { Compared } from './policies'
import { bandTable, fixed, noticeTable, percent, summaryTable, sweepGrid } from './table'
import type { Trace } from './trace'

/**
 * The report of one simulation as markdown (issue 17): nothing in it depends
 * on the machine or the moment it ran, so a fixed seed writes it again to
 * the byte.
 */

const DAY = 24 * 60 * 60 * 1000

export interface GoalCheck {
  readonly goal: string
  readonly measured: string
  readonly met: boolean
}

/** The issue's goal, judged on one run (the default policy's). */
export const goalChecks = (s: Summary): GoalCheck[] => [
  {
    goal: 'fills ≥ 60 % of slots freed with at least 24 h notice',
    measured: `${percent(s.fillRateWithDay)} of ${s.freedWithDay}`,
    met: s.fillRateWithDay >= 0.6,
  },
  {
    goal: '≤ 3 messages per patient per week, on average',
    measured: `${fixed(s.messagesPerPatientWeek, 2)} per patient-week waited`,
    met: s.messagesPerPatientWeek <= 3,
  },
  {
    goal: '≤ 3 messages per patient per week, for every patient',
    measured: `most in one week ${s.mostInAWeek}; ${percent(s.weeksOverThree)} of patient-weeks over 3`,
    met: s.mostInAWeek <= 3,
  },
  {
    goal: 'no priority band starved (booked at under a quarter of the overall share)',
    measured: s.starvedBands.length === 0 ? 'none starved' : `starved: ${s.starvedBands.join(', ')}`,
    met: s.starvedBands.length === 0,
  },
]

const day = (at: number) => DateTime.fromMillis(at, { zone: 'UTC' }).toISODate() ?? ''

const worldLines = (trace: Trace): string[] => {
  const inWindow = trace.events.filter((e) => e.at >= trace.start && e.at < trace.end)
  const cancelled = inWindow.flatMap((e) => (e.event.kind === 'appointment-cancelled' ? [e] : []))
  const withDay = cancelled.filter(
    (e) => e.event.kind === 'appointment-cancelled' && e.event.appointment.start - e.at >= DAY,
  )
  return [
    `- Window: ${day(trace.start)} to ${day(trace.end - DAY)} (${(trace.end - trace.start) / DAY} days), after ${PARAMETERS.warmupDays} days' warm-up from ${day(trace.begins)} and before ${PARAMETERS.drainDays} days more so its last openings get their answers; only the window is counted.`,
    `- Clinics: ${trace.clinics.map((c) => `${c.id} (${c.zone}, ${c.providers.length} providers)`).join(', ')}.`,
    `- Waiting when the warm-up begins: ${trace.waiting.length} requests; joining during the window: ${inWindow.filter((e) => e.event.kind === 'request-created').length}.`,
    `- Appointments cancelled during it: ${cancelled.length} (${withDay.length} at least 24 h before their start); bookings release more, as each patient booked sooner gives up the appointment they held.`,
  ]
}

export const reportMarkdown = (input: {
  readonly command: string
  readonly trace: Trace
  readonly compared: ReadonlyArray<Compared>
  readonly summaries: ReadonlyArray<Summary>
  readonly named: ReadonlyArray<Summary>
  readonly defaultRun: Summary
}): string => {
  const { trace, compared, summaries, named, defaultRun } = input
  const checks = goalChecks(defaultRun)
  return `# Clinic simulation: seed ${trace.seed}, ${trace.clinics.length} clinics, ${(trace.end - trace.start) / DAY} days

Written by \`${input.command}\`. The model, its sources and assumptions, and what the figures mean are in
[docs/simulation.md](../simulation.md); every parameter is in \`bench/simulation/parameters.ts\`. The same seed
writes this report again to the byte.

${worldLines(trace).join('\n')}

## The goal, for the default policy

${checks.map((c) => `- ${c.met ? 'Met' : 'Not met'}: ${c.goal}. Measured: ${c.measured}.`).join('\n')}

## The policies compared

Every figure counts the slots freed in the window and the patients waiting in it. "Filled" is the share of freed slots
booked from the waitlist; hours to fill run from the slot being freed to its booking; days sooner are between the
booked slot and the appointment the patient held; "accepted per offer" counts every yes, also one that came too late
or after another patient's; messages are offers sent (or calls made) while the patient waited.

${summaryTable(named)}

Left out of every rate, as still OPEN for a slot after the run's end: ${named.map((s) => `${s.undecided} (${s.policy})`).join(', ')}.

### Filled, by how long before its start the slot was freed

${noticeTable(named)}

## batch_size × hold_seconds

Every other field as the default policy's. Slots freed with at least 24 h notice that were filled:

${sweepGrid(compared, summaries, (s) => percent(s.fillRateWithDay))}

![Fill rate against batch size and hold](fill-rate-sweep.svg)

Messages per patient-week waited:

${sweepGrid(compared, summaries, (s) => fixed(s.messagesPerPatientWeek, 2))}

Median hours from a slot being freed to its booking:

${sweepGrid(compared, summaries, (s) => fixed(s.medianHoursToFill))}

## Days sooner

![Days sooner than the appointment held](days-sooner.svg)

## Offers per patient

![Offers each waiting patient got](offers-per-patient.svg)

## Fairness by priority band

${named.map((s) => `${s.policy}:\n\n${bandTable(s)}`).join('\n\n')}

## Every run

${summaryTable(summaries)}
`
}
