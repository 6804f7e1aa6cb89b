# One image runs every InfluTrace process; docker-compose.yml picks the command:
#   npx tsx ingest/server.ts        ingest: pixel, beacons, tracking links (:8080)
#   npx tsx admin-api/server.ts     admin API and its dashboard (:8081)
#   npx tsx workflows/worker.ts     Temporal worker
#   npx tsx workflows/consumer.ts   BullMQ consumer that starts the order workflows
#   npx tsx scripts/migrate.ts      database migrations (one-shot)
#   npx tsx demo-store/server.ts    optional demo store (:8090)
#
# Debian (glibc), not Alpine: @temporalio/core-bridge and @swc/core ship glibc binaries.
FROM node:20-bookworm-slim

# package.json#allowScripts decides which dependencies may run install scripts. npm
# honours it from 11.x on, but Node 20 images ship npm 10, which would ignore it and run
# them all; install the npm the development machines use.
ARG NPM_VERSION=11.19.1
RUN npm install --global "npm@${NPM_VERSION}" && npm cache clean --force

WORKDIR /app
RUN chown node:node /app
USER node

# Dependencies first, so that a source change does not reinstall them.
COPY --chown=node:node package.json package-lock.json ./
RUN npm ci --no-audit --no-fund && npm cache clean --force

COPY --chown=node:node . .
RUN npm run build:pixel && npm run build:dashboard

ENV NODE_ENV=production
# Webhooks only to https URLs with public addresses (WEBHOOK_SECRET_KEY must be given at run time).
ENV WEBHOOK_ALLOW_PRIVATE_URLS=false
EXPOSE 8080 8081 8090
CMD ["npx", "tsx", "ingest/server.ts"]
