# The application image, multi-stage on Node 24 LTS:
#
#   build  — every dependency, `vite build` of the dashboard (dashboard/dist)
#   deps   — run-time dependencies only (`npm ci --omit=dev`)
#   final  — Node 24 slim + those dependencies + the TypeScript sources + dashboard/dist
#
# No tsx and no compile step at run time: Node 24 strips the types itself (the code uses only
# erasable TypeScript — no enums, namespaces or parameter properties on the run-time path — and
# imports with `.ts` extensions). One image, three commands:
#
#   docker run … zhenjiang-supervision                          # `node scripts/start.ts`: migrate, server + worker, supervised
#   docker run … zhenjiang-supervision node server/server.ts    # the API server alone (docker-compose.yml)
#   docker run … zhenjiang-supervision node workers/main.ts     # a worker alone (health on WORKER_HEALTH_PORT, 8081)
#
# Size (estimated, no Docker engine where this was written): run-time node_modules 126 MB
# (`npm ci --omit=dev`) against 1.1 GB for the full tree the previous single-stage node:20 image
# shipped; see README "Run".
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build:dashboard

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    WORKER_HEALTH_PORT=8081
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY domain ./domain
COPY infra ./infra
COPY server ./server
COPY workers ./workers
COPY sql ./sql
COPY data ./data
COPY scripts ./scripts
COPY --from=build /app/dashboard/dist ./dashboard/dist
EXPOSE 8080 8081
# Unprivileged; the files stay root-owned and read-only for the app.
USER node
CMD ["node", "scripts/start.ts"]
