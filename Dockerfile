# syntax=docker/dockerfile:1
# NeoSpace production image. Never built on the development machines (no Docker engine
# there): tests/unit/docker.test.ts parses this file and checks it against the config.
#
# Node 22 (supported) with the ws transport: the uWebSockets.js builds on the registry
# load on Node 22 only with glibc >= 2.38, and the one this project pins has no Node 22
# binary at all (docs/OPERATIONS.md, "Node version"). For uWS, build with
# --build-arg NODE_MAJOR=20 (end of life) and set TRANSPORT=uws.
ARG NODE_MAJOR=22

# 1. Dependencies and the client, built once. The full image has python3, make and g++
#    for better-sqlite3's native build, which then matches the runtime's libc and Node.
FROM node:${NODE_MAJOR}-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx vite build --config client/vite.config.ts --outDir dist/client \
 && npm prune --omit=dev --no-audit --no-fund

# 2. Runtime: production dependencies, the server sources (run through tsx) and the built client.
FROM node:${NODE_MAJOR}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=2567 \
    DATA_DIR=/data \
    CLIENT_DIR=/app/dist/client
WORKDIR /app
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist/client ./dist/client
COPY --chown=root:root package.json tsconfig.json ./
COPY --chown=root:root schema ./schema
COPY --chown=root:root server ./server
COPY --chown=root:root scripts ./scripts
# The code is read-only to the process; only the SQLite folder is writable.
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 2567
VOLUME ["/data"]
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 CMD ["node", "scripts/healthcheck.mjs"]
# Exec form: Node is PID 1 and receives SIGTERM itself (server/main.ts drains rooms and
# closes the store). Nothing builds at start: the client was built above.
CMD ["node", "--import", "tsx", "server/main.ts"]
