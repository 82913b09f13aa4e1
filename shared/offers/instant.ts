/**
 * A moment as milliseconds since the epoch (`Date.getTime()`): the worker
 * passes the database's clock, the simulator its virtual one. Wall clocks
 * matter only where a rule says so, and then in the clinic's zone.
 */
export type Instant = number
