# One image for every role, chosen by the command (as immich does):
#   node dist/ingress/main.js            the HTTP API (the default)
#   node dist/worker/main.js             a queue worker; run as many as the load needs
#   node dist/scripts/db-migrate.js      one-shot schema migration
#   node dist/scripts/db-seed.js [FILE]  one-shot reference data load (demo data by default)
#   node dist/scripts/token.js --curl    a demo token and request (needs the same JWT_SECRET as the API)
# docker-compose.yml wires these together.

# ---- build: dev dependencies and tsc ----
FROM node:20-bookworm-slim AS build
WORKDIR /app

# The lockfile alone first, so a source change reuses the installed layer.
COPY package.json package-lock.json ./
RUN npm ci

COPY . .
RUN npm run build

# ---- runtime: production dependencies and compiled JavaScript only ----
FROM node:20-bookworm-slim AS runtime
# NODE_ENV=production makes the config refuse to start without JWT_SECRET or
# JWT_PUBLIC_KEY, so an image never falls back to a generated development key.
# HOST: the config's default of 127.0.0.1 would be unreachable from outside the container.
# NODE_OPTIONS: the young generation .npmrc gives every node that npm starts (why: see there).
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    NODE_OPTIONS=--max-semi-space-size=32
WORKDIR /app

COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

COPY --from=build /app/dist ./dist
# db-seed resolves its default file as ../../worker/seed/demo-data.json from
# dist/scripts, i.e. here; tsc does not copy it because nothing imports it.
COPY worker/seed/demo-data.json ./worker/seed/demo-data.json

# Everything above stays owned by root: the service cannot rewrite its own code.
USER node

EXPOSE 3000
# No HEALTHCHECK here: the same image runs workers, which serve no HTTP; the
# API's health check lives in docker-compose.yml (GET /readyz).
CMD ["node", "dist/ingress/main.js"]
