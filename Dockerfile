# The Volley image: `volley serve` (the reference server, every API) by default; the compose `load` service runs
# `volley load` from the same image.
FROM node:20-slim
WORKDIR /volley
# The Artillery engine is a `file:` dependency (artillery-engine-volley -> scenarios/engine): npm ci needs its
# package.json before the sources are copied, so that the dependency layer is cached across source changes.
COPY package.json package-lock.json ./
COPY scenarios/engine/package.json scenarios/engine/
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY . .
# Inside a container the server must listen on every interface, not only loopback.
ENV VOLLEY_HOST=0.0.0.0
EXPOSE 7400 7401 7402 7403 7404
ENTRYPOINT ["node", "bin/volley.js"]
CMD ["serve", "--host", "0.0.0.0"]
