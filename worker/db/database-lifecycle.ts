import { Client, escapeIdentifier } from 'pg'

const databaseName = (databaseUrl: string): string => {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, ''))
  if (name === '') throw new Error('DATABASE_URL names no database')
  return name
}

/** Runs `work` on the server's maintenance database: a database cannot be created or dropped from inside itself. */
const onMaintenanceDatabase = async <A>(databaseUrl: string, work: (client: Client) => Promise<A>): Promise<A> => {
  const url = new URL(databaseUrl)
  url.pathname = '/postgres'
  const client = new Client({ connectionString: url.toString() })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

/**
 * Creates the database named in `databaseUrl` when it does not exist yet, so a
 * fresh machine needs no manual `createdb`.
 */
export const ensureDatabase = async (databaseUrl: string): Promise<void> => {
  const name = databaseName(databaseUrl)
  await onMaintenanceDatabase(databaseUrl, async (client) => {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE ${escapeIdentifier(name)}`).catch((error: { code?: string }) => {
        // Two processes migrating at once: the other one created it first.
        if (error.code !== '42P04') throw error
      })
    }
  })
}

/** Drops the database named in `databaseUrl`, closing its connections; for throwaway databases (tests, benchmarks). */
export const dropDatabase = async (databaseUrl: string): Promise<void> => {
  await onMaintenanceDatabase(databaseUrl, (client) =>
    client.query(`DROP DATABASE IF EXISTS ${escapeIdentifier(databaseName(databaseUrl))} WITH (FORCE)`),
  )
}
