# One image runs every InfluTrace process, as JavaScript compiled by `npm run build` (each
# service entry one bundled file; the Temporal SDK, bull-board and pino stay in node_modules,
# so the runtime stage still installs the production dependencies); docker-compose.yml picks the command:
#   node dist/ingest/server.js        ingest: pixel, beacons, tracking links (:8080)
#   node dist/admin-api/server.js     admin API, its dashboard and /operator/queues (:8081)
#   node dist/workflows/worker.js     Temporal worker (metrics and /readyz on :9464); compose adds
#                                     its memory bounds (see the worker in docker-compose.yml)
#   node dist/workflows/consumer.js   BullMQ consumer that starts the order workflows (:9465)
#   node dist/workflows/worker-with-consumer.js   both in one process (metrics and /readyz on :9464)
#   node dist/scripts/migrate.js      database migrations (one-shot)
#   node dist/scripts/cli.js          create-workspace, seed-demo
#   node dist/demo-store/server.js    optional demo store (:8090)
#
# Debian (glibc), not Alpine: @temporalio/core-bridge ships glibc binaries.
ARG NODE_IMAGE=node:20-bookworm-slim

# ---- base: what both stages share.
FROM ${NODE_IMAGE} AS base
# package.json#allowScripts decides which dependencies may run install scripts. npm
# honours it from 11.x on, but Node 20 images ship npm 10, which would ignore it and run
# them all; install the npm the development machines use.
ARG NPM_VERSION=11.19.1
RUN npm install --global "npm@${NPM_VERSION}" && npm cache clean --force
WORKDIR /app
RUN chown node:node /app
USER node

# ---- build: every dependency, then the pixel, the dashboard, dist/ and the workflow bundle.
FROM base AS build
# Dependencies first, so that a source change does not reinstall them.
COPY --chown=node:node package.json package-lock.json ./
RUN npm ci --no-audit --no-fund && npm cache clean --force
COPY --chown=node:node . .
RUN npm run build

# ---- runtime: production dependencies and dist/ only; no TypeScript, no tsx, no dev tools.
FROM base AS runtime
ENV NODE_ENV=production
# Webhooks only to https URLs with public addresses (WEBHOOK_SECRET_KEY must be given at run time).
ENV WEBHOOK_ALLOW_PRIVATE_URLS=false
COPY --chown=node:node package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --chown=node:node --from=build /app/dist ./dist
EXPOSE 8080 8081 8090 9464 9465
CMD ["node", "dist/ingest/server.js"]
