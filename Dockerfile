# syntax=docker/dockerfile:1
# Alur: one container serving the built SvelteKit app (and the sync WebSocket) on port 3000.
# Without DATABASE_URL it uses the embedded PGlite database in /app/data (a volume);
# docker-compose.yml runs it against PostgreSQL and Redis instead.

# ---- build: all dependencies, compile messages, build the app ------------------------------
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# `prepare` (svelte-kit sync) tolerates the sources not being here yet.
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# ---- runtime: production dependencies, the build and the server sources --------------------
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
	HOST=0.0.0.0 \
	PORT=3000 \
	DATA_DIR=/app/data \
	MIGRATIONS_DIR=/app/drizzle
WORKDIR /app

COPY package.json package-lock.json .npmrc ./
# tsx is a runtime dependency: the entry point and src/lib/server run as TypeScript.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

COPY --from=build /app/build ./build
COPY --from=build /app/server ./server
# src/lib with the generated Paraglide messages (src/lib/paraglide) from the build stage.
COPY --from=build /app/src/lib ./src/lib
COPY --from=build /app/tsconfig.json ./tsconfig.json
# tsconfig.json extends it (the $lib path alias).
COPY --from=build /app/.svelte-kit/tsconfig.json ./.svelte-kit/tsconfig.json
COPY --from=build /app/drizzle ./drizzle

# The image's own unprivileged user (uid 1000); it owns only the data directory.
RUN mkdir -p /app/data && chown node:node /app/data
USER node

# Smoke test of this very image: start the server on a throw-away embedded database and wait for
# /healthz, so a runtime import that only a devDependency satisfies fails the build, not the deploy.
RUN set -e; \
	DATA_DIR=/tmp/alur-smoke PORT=3999 HOST=127.0.0.1 ./node_modules/.bin/tsx server/index.ts & pid=$!; \
	status=1; \
	for i in $(seq 1 90); do \
		if node -e "fetch('http://127.0.0.1:3999/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"; then status=0; break; fi; \
		kill -0 "$pid" 2>/dev/null || break; \
		sleep 1; \
	done; \
	kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf /tmp/alur-smoke; \
	[ "$status" = 0 ] || echo "The server did not answer /healthz: a runtime dependency is missing or start-up fails (see above)." >&2; \
	exit "$status"

VOLUME ["/app/data"]

EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
	CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

CMD ["npx", "tsx", "server/index.ts"]
