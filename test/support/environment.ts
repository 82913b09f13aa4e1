/**
 * Tests run against their own database and Redis index on the local servers, so
 * a developer's demo data and queue are never touched. Set TEST_DATABASE_URL or
 * TEST_REDIS_URL to point elsewhere.
 */
process.env['NODE_ENV'] = 'test'
process.env['DATABASE_URL'] = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/waitlist_test'
process.env['REDIS_URL'] = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379/14'
process.env['JWT_SECRET'] = 'test-secret-for-the-suite-only'
delete process.env['JWT_PUBLIC_KEY']
delete process.env['JWT_ISSUER']
delete process.env['JWT_AUDIENCE']
process.env['LOG_LEVEL'] = process.env['TEST_LOG_LEVEL'] ?? 'silent'
