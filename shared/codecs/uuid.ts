const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

/** A lower-case RFC 9562 UUID: the form of every id a producer chooses before enqueueing. */
export const isUuid = (s: string): boolean => uuidPattern.test(s)
