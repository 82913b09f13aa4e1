import type { Migration } from './migration'

/**
 * One row whose number `db:seed` bumps in the transaction that loads the
 * data: a worker caching reference data compares it to see, with one cheap
 * query, whether anything it holds may have changed.
 */
export const referenceDataVersion: Migration = {
  name: '0004-reference-data-version',
  up: async ({ context: sequelize }) => {
    await sequelize.query(`
      CREATE TABLE reference_data_version (
        id smallint PRIMARY KEY CHECK (id = 1),
        version bigint NOT NULL
      );
      INSERT INTO reference_data_version (id, version) VALUES (1, 1);
    `)
  },
  down: async ({ context: sequelize }) => {
    await sequelize.query('DROP TABLE reference_data_version')
  },
}
