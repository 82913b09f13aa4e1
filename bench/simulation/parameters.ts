/**
 * Every number the clinic simulation's model uses (docs/simulation.md), each
 * with where it comes from. SOURCE: a published figure, cited in
 * docs/simulation.md. ASSUMPTION: chosen for this model, no source; change it
 * here and the whole run follows. CALIBRATED: set once so that a published
 * figure comes out of the model (how is said beside it), never to meet the goal.
 */

export interface ClinicArchetype {
  readonly zone: string
  readonly providers: number
  /** Providers (by index) who also hold an evening session one weekday a week. */
  readonly eveningProviders: number
}

export interface Category {
  readonly id: string
  readonly minutes: number
  readonly weight: number
}

/** A piecewise curve: `value` at `at`, log-linear in `at` between points, flat beyond the ends. */
export interface CurvePoint {
  readonly at: number
  readonly value: number
}

export const PARAMETERS = {
  /**
   * ASSUMPTION: the measured window opens on a Monday; its first week holds
   * the United States' spring clock change (8 March 2026).
   */
  start: '2026-03-02',
  /**
   * ASSUMPTION: days each policy runs before the window, not counted. The
   * world starts with every patient who asked to be seen sooner still
   * waiting, as if nobody had been offered anything yet; under automated
   * offers that backlog drains to a steady waitlist (a third of it) within
   * about six weeks, and the window measures the steady state.
   */
  warmupDays: 42,
  /**
   * ASSUMPTION: days the clinic runs after the window, so openings freed
   * near its end get their answers; only what happens to the window's
   * openings and patients is counted.
   */
  drainDays: 21,

  /** ASSUMPTION: clinics, cycled for `--clinics K`: US zones, 3–5 providers each. */
  clinics: [
    { zone: 'America/New_York', providers: 4, eveningProviders: 1 },
    { zone: 'America/Chicago', providers: 5, eveningProviders: 1 },
    { zone: 'America/Los_Angeles', providers: 3, eveningProviders: 0 },
  ] as ReadonlyArray<ClinicArchetype>,

  schedule: {
    /** ASSUMPTION: each provider sees patients on 4 of the 5 weekdays (one weekday off, rotating by provider). */
    workdaysPerProvider: 4,
    /** ASSUMPTION: local sessions; appointments are packed back to back inside them. */
    sessions: [
      { start: '08:00', end: '12:00' },
      { start: '13:00', end: '17:00' },
    ],
    /** ASSUMPTION: the evening session of an evening provider, on one weekday (Tuesday). */
    evening: { start: '17:00', end: '20:00', weekday: 2 },
  },

  /**
   * ASSUMPTION: appointment categories, their lengths and shares of the
   * schedule. A freed slot may be booked as any category that fits its
   * length (openings carry no category list: docs/matching.md, CATEGORY).
   */
  categories: [
    { id: 'follow-up', minutes: 20, weight: 0.5 },
    { id: 'consult', minutes: 30, weight: 0.35 },
    { id: 'new-patient', minutes: 60, weight: 0.15 },
  ] as ReadonlyArray<Category>,

  booking: {
    /**
     * ASSUMPTION anchored on SOURCE: how long before its start an appointment
     * is booked, lognormal. A median of 21 days and sigma 1.0 put the mean at
     * about 35 days, beside the ~26-day average wait for a new physician
     * appointment in large US cities (AMN/Merritt Hawkins 2022 survey).
     */
    leadMedianDays: 21,
    leadSigma: 1.0,
    /** ASSUMPTION: leads are kept within a day and a year. */
    leadMinDays: 1,
    leadMaxDays: 365,
  },

  cancellation: {
    /**
     * SOURCE (VA): the share of appointments cancelled rises with the lead
     * time they were booked at, about 19 % within a month and 50 % at a year.
     * "Within a month" is placed at its middle (15 days); between the two
     * points the share is log-linear in the lead, flat beyond them
     * (ASSUMPTION).
     */
    byLeadDays: [
      { at: 15, value: 0.19 },
      { at: 365, value: 0.5 },
    ] as ReadonlyArray<CurvePoint>,
    /** ASSUMPTION: share of cancellations made in the last 24 hours before the slot. */
    lateShare: 0.25,
    /**
     * ASSUMPTION: the others come at 1 day + (lead − 1 day) × U^skew before the
     * slot; skew > 1 bunches them towards the slot.
     */
    noticeSkew: 2,
  },

  waitlist: {
    /** ASSUMPTION: a patient booked this far out or further may ask to be seen sooner. */
    minLeadDays: 7,
    /** ASSUMPTION: the share of those who join the waitlist, at the moment they book. */
    joinShare: 0.3,
    /** ASSUMPTION: priority 1 (most urgent) to 5. */
    priorityWeights: [0.05, 0.15, 0.5, 0.2, 0.1],
    /** ASSUMPTION: share naming only their own provider; the rest take any provider. */
    namesProviderShare: 0.5,
    /** ASSUMPTION: share taking any weekday; the rest name 2–4 weekdays. */
    anyDayShare: 0.55,
    /** ASSUMPTION: parts of day asked for (weights; ANYTIME takes any). */
    partOfDayWeights: { ANYTIME: 0.45, MORNING: 0.25, AFTERNOON: 0.2, EVENING: 0.1 },
    /** ASSUMPTION: share who are not free at once, starting their range 1–14 days after they join. */
    lateStartShare: 0.2,
    /** ASSUMPTION: chance per week that a waiting patient leaves the list (seen elsewhere, no longer needed). */
    leaveWeekly: 0.015,
  },

  response: {
    /** ASSUMPTION: share of offers a patient never answers. */
    neverAnswerShare: 0.3,
    /** ASSUMPTION: the delay of an answer, lognormal: median 30 minutes, sigma 1.4 (p90 about 3 hours). */
    delayMedianMinutes: 30,
    delaySigma: 1.4,
    /** ASSUMPTION: nobody answers between these local times; such answers come in the first hour after. */
    night: { start: '22:00', end: '07:00' },
  },

  acceptance: {
    /**
     * CALIBRATED: the chance that a patient who answers accepts, before the
     * factors below. Set once so that the one-offer-at-a-time policy at seed
     * 1 (3 clinics, 90 days) accepts about 10 % of its offers, inside the
     * published 8.3 % (JMIR 2020 e16451) to 11 % (JMIR 2024 e52071); never
     * changed to meet the goal.
     */
    base: 0.2,
    /** ASSUMPTION (no published source): by notice, hours from the offer to the slot. */
    byNoticeHours: [
      { at: 12, value: 0.4 },
      { at: 48, value: 0.8 },
      { at: 96, value: 1 },
      { at: 30 * 24, value: 1 },
      { at: 90 * 24, value: 0.8 },
    ] as ReadonlyArray<CurvePoint>,
    /** ASSUMPTION: by days sooner than the patient's own appointment. */
    byDaysSooner: [
      { at: 2, value: 0.4 },
      { at: 14, value: 1 },
      { at: 60, value: 1.4 },
    ] as ReadonlyArray<CurvePoint>,
    /** ASSUMPTION: a slot with a provider other than the patient's own. */
    otherProvider: 0.8,
    /** ASSUMPTION: by priority 1–5, the more urgent the keener. */
    byPriority: [1.3, 1.15, 1, 0.9, 0.8],
  },

  phone: {
    /** SOURCE (issue 17): staff call in waitlist order in business hours, "a few minutes per call": 4. */
    callMinutes: 4,
    /** ASSUMPTION: share of calls a patient picks up; a missed call leaves a voicemail nobody returns. */
    pickUpShare: 0.4,
    /**
     * ASSUMPTION: staff minutes per clinic per business day spent calling the
     * waitlist; the phone list is run once with each, as the figure is the
     * least known and moves its result the most.
     */
    minutesPerDay: [60, 180],
    /** ASSUMPTION: business hours, Monday to Friday, local. */
    hours: { start: '08:00', end: '17:00' },
    /** ASSUMPTION: staff do not call for a slot closer than this (the default policy's notice limit). */
    minNoticeMinutes: 120,
  },

  sweep: {
    /**
     * The policies swept (issue 17): batch_size × hold_seconds (null: hold by
     * notice). Each point is a run of its own, so the grid is kept to what
     * runs in two minutes on two cores.
     */
    batchSizes: [1, 3, 10],
    holdSeconds: [null, 1800, 7200, 43200] as ReadonlyArray<number | null>,
  },
} as const
