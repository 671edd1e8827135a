#!/usr/bin/env node
// Installs the project's dev dependencies when node_modules is missing or older than the
// lockfile, so `npm test` and `npm run demo` work on a fresh clone without a separate step.
const { existsSync, statSync } = require('fs');
const { execSync } = require('child_process');
const { join } = require('path');

const root = join(__dirname, '..');
const marker = join(root, 'node_modules', '.package-lock.json');
const lock = join(root, 'package-lock.json');
const stale = !existsSync(marker) || statSync(marker).mtimeMs < statSync(lock).mtimeMs;
if (stale) {
	// npm install keeps what is installed and adds what is missing (a developer's tree); CI starts
	// from nothing with npm ci (.ci/run).
	console.log('Installing dev dependencies (npm install, ~2 minutes on a fresh machine)…');
	execSync('npm install --no-audit --no-fund', { cwd: root, stdio: 'inherit' });
}
