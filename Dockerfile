# Grantscope: a multi-stage image on Node 24 — dependencies and the web console built in the first stage, a
# slim non-root runtime in the second. Server code runs on Node's native type stripping: no compile step.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# The `node` devDependency pins Node for npm scripts on hosts with an older Node; the image already has 24.
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
# GRANTSCOPE_WORKER_HEALTH: a `worker` container answers /healthz and /readyz on PORT too, so the one HEALTHCHECK
# below fits both commands (off outside the image, where serve and worker may share a machine and a port).
ENV NODE_ENV=production \
    GRANTSCOPE_DATA_DIR=/data \
    GRANTSCOPE_HOST=0.0.0.0 \
    GRANTSCOPE_WORKER_HEALTH=on \
    PORT=8080
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/src ./src
COPY --from=build /app/sim ./sim
COPY --from=build /app/bin ./bin
COPY --from=build /app/package.json ./
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["node", "src/cli/main.ts"]
CMD ["serve"]
