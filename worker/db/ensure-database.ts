import { Client } from 'pg'

const quoteIdentifier = (name: string) => `"${name.replace(/"/g, '""')}"`

/**
 * Creates the database named in `databaseUrl` when it does not exist yet, by
 * way of the server's maintenance database, so a fresh machine needs no manual
 * `createdb`.
 */
export const ensureDatabase = async (databaseUrl: string): Promise<void> => {
  const url = new URL(databaseUrl)
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''))
  if (name === '') throw new Error('DATABASE_URL names no database')
  url.pathname = '/postgres'
  const client = new Client({ connectionString: url.toString() })
  await client.connect()
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE ${quoteIdentifier(name)}`).catch((error: { code?: string }) => {
        // Two processes migrating at once: the other one created it first.
        if (error.code !== '42P04') throw error
      })
    }
  } finally {
    await client.end()
  }
}
