#!/usr/bin/env bash
# Checks the deployment files with the real tools, offline, where they are installed (.ci/run installs them from
# Debian): docker-compose / docker compose config, kubectl kustomize, promtool, caddy adapt, systemd-analyze verify.
# A missing tool is reported and skipped; a tool that finds a problem fails the script. The test suite checks the
# same files in more depth (DeployFilesTest).
set -euo pipefail
cd "$(dirname "$0")/.."

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
checked=()
skipped=()

# Compose: needs a .env next to compose.yaml; a scratch copy gets the template with the two required values set.
compose_copy() {
  mkdir -p "$tmp/compose/deploy/compose"
  cp deploy/compose/compose.yaml deploy/compose/Caddyfile "$tmp/compose/deploy/compose/"
  cp -r config "$tmp/compose/"
  sed -e 's/^ACTIONBRIDGE_DOMAIN=$/ACTIONBRIDGE_DOMAIN=bot.example.com/' \
      -e "s/^SPRING_DATA_REDIS_PASSWORD=\$/SPRING_DATA_REDIS_PASSWORD=$RANDOM$RANDOM/" \
      deploy/compose/.env.example > "$tmp/compose/deploy/compose/.env"
  echo "$tmp/compose/deploy/compose/compose.yaml"
}
if docker compose version >/dev/null 2>&1; then
  docker compose -f "$(compose_copy)" config -q && checked+=("docker compose config")
elif command -v docker-compose >/dev/null 2>&1; then
  docker-compose -f "$(compose_copy)" config -q && checked+=("docker-compose config")
else
  skipped+=("compose (no docker compose / docker-compose)")
fi

# Kustomize: the ConfigMap comes from config/application.yml, outside deploy/k8s (see docs/operations.md).
if command -v kubectl >/dev/null 2>&1 && kubectl kustomize --help 2>/dev/null | grep -q -- '--load-restrictor'; then
  kubectl kustomize --load-restrictor LoadRestrictionsNone deploy/k8s > "$tmp/k8s.yaml"
  grep -q '^kind: Deployment$' "$tmp/k8s.yaml"
  checked+=("kubectl kustomize")
else
  skipped+=("kustomize (no kubectl with kustomize v4+)")
fi

if command -v promtool >/dev/null 2>&1; then
  promtool check rules deploy/monitoring/alerts.yml >/dev/null
  promtool check config deploy/monitoring/prometheus.yml >/dev/null
  checked+=("promtool check rules/config")
else
  skipped+=("promtool")
fi

if command -v caddy >/dev/null 2>&1; then
  ACTIONBRIDGE_DOMAIN=bot.example.com caddy adapt --config deploy/compose/Caddyfile --adapter caddyfile --validate \
    >/dev/null 2>"$tmp/caddy.log" || { cat "$tmp/caddy.log" >&2; exit 1; }
  checked+=("caddy adapt --validate")
else
  skipped+=("caddy")
fi

if command -v systemd-analyze >/dev/null 2>&1; then
  cp deploy/systemd/actionbridge.service "$tmp/"
  out=$(systemd-analyze verify "$tmp/actionbridge.service" 2>&1 || true)
  # Only findings about the unit itself count (not about the host's other units).
  if echo "$out" | grep 'actionbridge.service' | grep -v 'Failed to prepare filename\|is not executable' | grep .; then
    exit 1
  fi
  checked+=("systemd-analyze verify")
else
  skipped+=("systemd-analyze")
fi

echo "Deployment files checked with: ${checked[*]:-nothing}"
[ ${#skipped[@]} -eq 0 ] || echo "Skipped (not installed): ${skipped[*]}"
