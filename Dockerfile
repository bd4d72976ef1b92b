# The application image: API server + workers (`npm start`), serving the built dashboard.
# Used by docker-compose.yml (service `app`); PostgreSQL/TimescaleDB and Redis are separate services.
#
#   docker build -t zhenjiang-supervision .
#   docker run -e DATABASE_URL=... -e REDIS_URL=... -p 8080:8080 zhenjiang-supervision
FROM node:20-bookworm-slim

# The lockfile is written by npm 11 (Vite 8's platform packages need it); the image ships npm 10.
RUN npm install -g npm@11 --no-audit --no-fund && npm cache clean --force

WORKDIR /app

# Dependencies first, so that a source change does not reinstall them. Dev dependencies are
# needed too: Vite builds the dashboard below, tsx runs the TypeScript sources.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund && npm cache clean --force

COPY . .
RUN npm run build:dashboard

ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080
EXPOSE 8080

# Run unprivileged; the files stay root-owned and read-only for the app.
USER node

# `npm start`: apply migrations, then run the server and the worker processes.
CMD ["npm", "start"]
