#!/usr/bin/env node
// Fails when the published tarball would hold anything but package.json, README, LICENSE and dist/.
const { execSync } = require('child_process');

const out = execSync('npm pack --dry-run --json --ignore-scripts', { encoding: 'utf8' });
const files = JSON.parse(out)[0].files.map((f) => f.path);
const stray = files.filter((p) => !/^(package\.json|README\.md|LICENSE|dist\/.+)$/.test(p));
const expected = ['dist/credentials/RaydocsApi.credentials.js', 'dist/nodes/Raydocs/Raydocs.node.js', 'dist/icons/raydocs.svg'];
const missing = expected.filter((p) => !files.includes(p));
const maps = files.filter((p) => p.endsWith('.map')).length;
console.log(`npm pack: ${files.length} files (${maps} source maps), ${stray.length} outside package.json/README/LICENSE/dist`);
if (stray.length || missing.length) {
	if (stray.length) console.error(`Unexpected files in the tarball:\n  ${stray.join('\n  ')}`);
	if (missing.length) console.error(`Missing from the tarball (run npm run build):\n  ${missing.join('\n  ')}`);
	process.exit(1);
}
