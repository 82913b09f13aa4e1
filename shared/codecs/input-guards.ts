/** A JSON object, as opposed to an array, `null` or a scalar: what a body or job data must be to have fields. */
export const isRecord = (input: unknown): input is Record<string, unknown> =>
  typeof input === 'object' && input !== null && !Array.isArray(input)

/** Not given: an optional field may be missing or `null` alike. */
export const isAbsent = (input: unknown): input is null | undefined => input === undefined || input === null
