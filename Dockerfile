# Capstan's controller image. Three stages so the final one holds only what `capstan
# controller` runs: compiled src/, the launcher, the CRDs, and production dependencies.
#   docker build -t capstan:dev .
# The final stage runs as UID 10001 (deploy/base/deployment.yaml's runAsUser) and needs
# no writable path but the mounted repo cache and /tmp.

FROM node:20-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY src/ src/
# tsconfig also includes test/ and bench/; absent here, so only src/ is compiled (dist/src).
RUN npx tsc -p tsconfig.json

FROM node:20-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
COPY --from=deps /app/node_modules/ node_modules/
COPY bin/ bin/
COPY crds/ crds/
COPY --from=build /src/dist/src/ dist/src/
USER 10001:10001
EXPOSE 8080
ENTRYPOINT ["node", "bin/capstan.js"]
CMD ["controller"]
