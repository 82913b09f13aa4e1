import type { Migration } from './migration'

/**
 * Offers (docs/offer-policy.md, "Storage"): an opening offered to the
 * patients of waitlist requests, round by round, and the booking the first
 * acceptance makes. What must never happen, whatever the timing, is refused by
 * PostgreSQL itself rather than only by the code that writes: two ACCEPTED
 * offers for one opening, two PENDING offers for one patient, one request
 * offered one opening twice, two bookings of one opening, or a FILLED opening
 * without its booking.
 */
export const offers: Migration = {
  name: '0010-offers',
  up: async ({ context: sequelize }) => {
    await sequelize.query(`
      CREATE TABLE offers (
        id uuid PRIMARY KEY,
        opening_id uuid NOT NULL REFERENCES openings (id),
        request_id uuid NOT NULL REFERENCES waitlist_requests (id),
        patient_id text NOT NULL REFERENCES patients (id),
        organization_id text NOT NULL REFERENCES organizations (id),
        status text NOT NULL CHECK (status IN ('PENDING', 'ACCEPTED', 'DECLINED', 'EXPIRED', 'WITHDRAWN')),
        round integer NOT NULL CHECK (round >= 1),
        rank integer NOT NULL CHECK (rank >= 1),
        reasons jsonb NOT NULL,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL,
        -- When it stopped being PENDING, however it ended: the declines adjustment counts from it.
        ended_at timestamptz NULL,
        -- Set by an answer (accepted or declined): when, by whom, and the operation id that a rerun finds done.
        responded_at timestamptz NULL,
        responded_by text NULL,
        response_id uuid NULL UNIQUE,
        decline_reason text NULL,
        CHECK ((status = 'PENDING') = (ended_at IS NULL)),
        CHECK ((status IN ('ACCEPTED', 'DECLINED')) = (responded_at IS NOT NULL AND responded_by IS NOT NULL)),
        CHECK (decline_reason IS NULL OR status = 'DECLINED'),
        -- Never the same request twice for one opening.
        UNIQUE (opening_id, request_id),
        -- What the booking's foreign key points at: an offer of that very opening.
        UNIQUE (id, opening_id)
      );
      CREATE UNIQUE INDEX offers_one_accepted_per_opening ON offers (opening_id) WHERE status = 'ACCEPTED';
      CREATE UNIQUE INDEX offers_one_pending_per_patient ON offers (patient_id) WHERE status = 'PENDING';
      -- A request's PENDING offer, withdrawn when the request is changed, cancelled or fulfilled.
      CREATE INDEX offers_pending_request ON offers (request_id) WHERE status = 'PENDING';
      -- A patient's offers of the last day (the daily cap) and their declines and lapses of the last week.
      CREATE INDEX offers_patient_created ON offers (patient_id, created_at);
      CREATE INDEX offers_patient_ended ON offers (patient_id, ended_at) WHERE status IN ('DECLINED', 'EXPIRED');
      CREATE INDEX offers_org_created ON offers (organization_id, created_at, id);

      ALTER TABLE openings
        -- Where the offer rounds stand (shared/offers/round-state.ts): the phase, the round it names, and the instant
        -- it waits for (a waiting round's start, a live round's end).
        ADD COLUMN round_phase text NOT NULL DEFAULT 'new' CHECK (round_phase IN ('new', 'waiting', 'live', 'idle')),
        ADD COLUMN round integer NOT NULL DEFAULT 0 CHECK (round >= 0),
        ADD COLUMN round_at timestamptz NULL,
        -- The booking: one row can hold only one, and it is there exactly when the opening is FILLED.
        ADD COLUMN booked_offer_id uuid NULL UNIQUE,
        ADD COLUMN booked_request_id uuid NULL REFERENCES waitlist_requests (id),
        ADD COLUMN booked_patient_id text NULL REFERENCES patients (id),
        ADD COLUMN booked_category_id text NULL REFERENCES appointment_categories (id),
        ADD COLUMN booked_at timestamptz NULL,
        ADD COLUMN booked_by text NULL,
        ADD CONSTRAINT openings_round_at CHECK ((round_phase IN ('waiting', 'live')) = (round_at IS NOT NULL)),
        ADD CONSTRAINT openings_booking_when_filled CHECK (
          (status = 'FILLED') = (booked_offer_id IS NOT NULL)
          AND (booked_offer_id IS NULL) = (booked_request_id IS NULL)
          AND (booked_offer_id IS NULL) = (booked_patient_id IS NULL)
          AND (booked_offer_id IS NULL) = (booked_category_id IS NULL)
          AND (booked_offer_id IS NULL) = (booked_at IS NULL)
          AND (booked_offer_id IS NULL) = (booked_by IS NULL)
        ),
        ADD CONSTRAINT openings_booked_offer FOREIGN KEY (booked_offer_id, id) REFERENCES offers (id, opening_id);

      -- Finding the idle OPEN openings of a clinic a new request may fit.
      CREATE INDEX openings_clinic_idle ON openings (clinic_id) WHERE status = 'OPEN' AND round_phase = 'idle';
    `)
  },
  down: async ({ context: sequelize }) => {
    await sequelize.query(`
      DROP INDEX openings_clinic_idle;
      ALTER TABLE openings
        DROP CONSTRAINT openings_booked_offer,
        DROP CONSTRAINT openings_booking_when_filled,
        DROP CONSTRAINT openings_round_at,
        DROP COLUMN booked_by, DROP COLUMN booked_at, DROP COLUMN booked_category_id,
        DROP COLUMN booked_patient_id, DROP COLUMN booked_request_id, DROP COLUMN booked_offer_id,
        DROP COLUMN round_at, DROP COLUMN round, DROP COLUMN round_phase;
      DROP TABLE offers;
    `)
  },
}
