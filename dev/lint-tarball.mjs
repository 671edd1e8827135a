#!/usr/bin/env node
/**
 * Lints the packed tarball the way n8n's community-package scanner (`@n8n/scan-community-package`
 * 0.32.0, `npx @n8n/scan-community-package <name>`) lints a published package: it unpacks the
 * tarball and runs ESLint over every `.js` file and `package.json` in it, with a flat config it
 * builds itself (`buildScanConfig` in its scanner/scanner.mjs):
 *
 *   1. `@n8n/eslint-plugin-community-nodes` `configs.recommended` on every file;
 *   2. `no-console: error`;
 *   3. `eslint-plugin-n8n-nodes-base` `configs.community` rules on `package.json`;
 *   4. its `credentials` / `nodes` rule sets on `**\/credentials/**\/*.ts` / `**\/nodes/**\/*.ts`
 *      (they never match a tarball that ships compiled `.js`; kept for fidelity);
 *   5. `@typescript-eslint/parser` for `*.json` and `*.ts`;
 *   inline `eslint-disable` comments ignored (`allowInlineConfig: false`), no config file read.
 *
 * The scanner itself cannot run here: it downloads the package by name from the npm registry
 * and its provenance attestation, and the source from GitHub — it only scans what is published.
 * So this script rebuilds the same config from the same plugins (the versions installed for
 * `npm run lint`: community-nodes 0.32.0 where the scanner pins 0.29.0, n8n-nodes-base 1.16.7,
 * @typescript-eslint/parser from @n8n/node-cli's typescript-eslint) and applies it to
 * `npm pack`'s output. The scanner fails a package on errors only; this check also fails on
 * warnings (the project's lint has zero warnings).
 *
 * Lints each of the three packages' tarballs in dist/tarballs/ (`npm run lint:tarball` builds first).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

import { ESLint } from 'eslint';
import { defineConfig } from 'eslint/config';
import glob from 'fast-glob';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const { n8nCommunityNodesPlugin } = require('@n8n/eslint-plugin-community-nodes');
const n8nNodesPlugin = require('eslint-plugin-n8n-nodes-base');
// @n8n/node-cli depends on typescript-eslint, whose parser is @typescript-eslint/parser.
const tsParser = createRequire(require.resolve('@n8n/node-cli/eslint'))('typescript-eslint').parser;

/** The scanner's flat config, rule for rule. */
export function scanConfig() {
	return defineConfig(
		n8nCommunityNodesPlugin.configs.recommended,
		{ rules: { 'no-console': 'error' } },
		{ plugins: { 'n8n-nodes-base': n8nNodesPlugin } },
		{ files: ['package.json'], rules: { ...n8nNodesPlugin.configs.community.rules } },
		{
			files: ['**/credentials/**/*.ts'],
			rules: {
				...n8nNodesPlugin.configs.credentials.rules,
				'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
				'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
			},
		},
		{
			files: ['**/nodes/**/*.ts'],
			rules: {
				...n8nNodesPlugin.configs.nodes.rules,
				'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
				'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
				'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
			},
		},
		{ files: ['**/*.json'], languageOptions: { parser: tsParser } },
		{ files: ['**/*.ts'], languageOptions: { parser: tsParser } },
	);
}

/** Lints an unpacked package folder like the scanner's tarball leg (`**\/*.js` + `package.json`). */
export async function lintPackageDir(packageDir) {
	const eslint = new ESLint({
		cwd: packageDir,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: scanConfig(),
	});
	const files = glob.sync(['**/*.js', 'package.json'], {
		cwd: packageDir,
		absolute: true,
		ignore: ['node_modules/**', '**/package-lock.json'],
	});
	const results = await eslint.lintFiles(files);
	const formatter = await eslint.loadFormatter('stylish');
	return {
		files: files.length,
		errors: results.reduce((n, r) => n + r.errorCount, 0),
		warnings: results.reduce((n, r) => n + r.warningCount, 0),
		report: await formatter.format(results),
	};
}

/** Lints each package's tarball in dist/tarballs/ (made by `npm run build`). */
async function main() {
	const { tarballs } = require('./dev/packages.cjs');
	let failed = false;
	for (const [name, tarball] of Object.entries(tarballs())) {
		const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lint-tarball-'));
		try {
			execFileSync('tar', ['-xzf', tarball, '-C', tmp, '--strip-components=1']);
			const result = await lintPackageDir(tmp);
			console.log(
				`n8n scanner rules on ${name} (${path.basename(tarball)}): ${result.files} files (.js + package.json), ` +
					`${result.errors} errors, ${result.warnings} warnings`,
			);
			if (result.errors || result.warnings) {
				console.error(result.report);
				failed = true;
			}
		} finally {
			fs.rmSync(tmp, { recursive: true, force: true });
		}
	}
	if (failed) process.exit(1);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	await main();
}
