import type { Migration } from './migration'

/**
 * An organization's offer policy (docs/offer-policy.md) and webhook (docs/webhooks.md). The policy is stored as
 * `db:seed` decoded it, defaults filled in; `{}` reads as the default policy, so rows loaded before this column
 * existed need no rewrite. A webhook is a URL and its secret, both or neither.
 */
export const organizationOffersWebhook: Migration = {
  name: '0008-organization-offers-webhook',
  up: async ({ context: sequelize }) => {
    await sequelize.query(`
      ALTER TABLE organizations
        ADD COLUMN waitlist_offers jsonb NOT NULL DEFAULT '{}',
        ADD COLUMN webhook_url text NULL,
        ADD COLUMN webhook_secret text NULL,
        ADD CONSTRAINT organizations_webhook_whole CHECK ((webhook_url IS NULL) = (webhook_secret IS NULL));
    `)
  },
  down: async ({ context: sequelize }) => {
    await sequelize.query(`
      ALTER TABLE organizations
        DROP COLUMN waitlist_offers,
        DROP COLUMN webhook_url,
        DROP COLUMN webhook_secret;
    `)
  },
}
