/**
 * An error as the log may show it. A database error carries the statement, its
 * bound values and PostgreSQL's own words (`detail` repeats the key, a message
 * may quote the value it refused), which for this service are patients'
 * names, ids and notes; pino's standard serializer would print every one of
 * them. Only identifiers are kept: what failed (name, code, SQLSTATE,
 * constraint, table, routine) and where (the stack's frames). Any other error
 * keeps its message: the service writes those itself and puts no patient data
 * in them. Every process logger uses this one (scripts/runtime.ts).
 */

type Fields = Record<string, unknown>

/** PostgreSQL's fields that name a thing in the schema or in its source, never a value. */
const IDENTIFIERS = ['code', 'constraint', 'table', 'column', 'routine'] as const

const MAX_CAUSES = 3

const isRecord = (value: unknown): value is Fields => typeof value === 'object' && value !== null

/** Sequelize's errors (the statement in `sql`, values in `parameters`, PostgreSQL's error in `parent`) and pg's own. */
const isDatabaseError = (error: Error & Fields): boolean =>
  error.name.startsWith('Sequelize') ||
  ['sql', 'parameters', 'parent', 'original', 'severity'].some((key) => key in error)

const frames = (stack: unknown): string | undefined =>
  typeof stack === 'string'
    ? stack
        .split('\n')
        .filter((line) => /^\s+at /.test(line))
        .join('\n')
    : undefined

const identifiers = (error: Fields): Fields => {
  const database = isRecord(error['parent']) ? error['parent'] : {}
  return Object.fromEntries(
    IDENTIFIERS.flatMap((key) => {
      const value = error[key] ?? database[key]
      return typeof value === 'string' || typeof value === 'number' ? [[key, value]] : []
    }),
  )
}

const serialize = (error: unknown, depth: number): Fields => {
  // A thrown string or object could hold anything; its type is all that is safe to say.
  if (!(error instanceof Error)) return { type: typeof error }
  const fields = error as Error & Fields
  const cause = depth < MAX_CAUSES && error.cause !== undefined ? serialize(error.cause, depth + 1) : undefined
  return {
    type: error.constructor.name,
    name: error.name,
    ...(isDatabaseError(fields) ? {} : { message: error.message }),
    ...identifiers(fields),
    stack: frames(error.stack),
    ...(cause === undefined ? {} : { cause }),
  }
}

export const safeError = (error: unknown): Fields => serialize(error, 0)
