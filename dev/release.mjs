#!/usr/bin/env node
/**
 * The one way to change the version of the three packages (n8n-nodes-raydocs,
 * n8n-nodes-llamaextract, n8n-nodes-perfectparser): they share one version, the root package.json's,
 * which the build writes into each package's package.json. package.json, package-lock.json,
 * CHANGELOG.md and the git tag move together.
 *
 *   npm run release -- <patch|minor|major|X.Y.Z>
 *       needs a clean work tree and a non-empty "## [Unreleased]" section in CHANGELOG.md; sets the
 *       version in package.json and package-lock.json, turns the Unreleased notes into
 *       "## [X.Y.Z] - <today>", commits "Release vX.Y.Z" and makes the annotated tag vX.Y.Z.
 *       Pushing the tag (git push origin main vX.Y.Z) starts .github/workflows/publish.yml.
 *       The first release of the current version (no tag for it yet) is `npm run release -- 0.1.0`.
 *
 *   node dev/release.mjs check [vX.Y.Z]
 *       package.json and package-lock.json carry the same version, CHANGELOG.md has an
 *       "## [Unreleased]" section and no section for a version above package.json's. With a tag
 *       (publish.yml passes the pushed one): the tag is "v" + that version and CHANGELOG.md has a
 *       dated section for it with at least one entry. `npm run lint` runs the check without a tag.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = process.env.RELEASE_ROOT ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SEMVER = /^(\d+)\.(\d+)\.(\d+)$/;
const UNRELEASED = /^## \[Unreleased\][^\n]*\n/m;

const file = (name) => path.join(ROOT, name);
const readJson = (name) => JSON.parse(fs.readFileSync(file(name), 'utf8'));
const git = (...args) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();

function fail(message) {
	console.error(`release: ${message}`);
	process.exit(1);
}

function parse(version) {
	const m = SEMVER.exec(version);
	if (!m) fail(`"${version}" is not a plain X.Y.Z version`);
	return m.slice(1).map(Number);
}

function compare(a, b) {
	const [x, y] = [parse(a), parse(b)];
	for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
	return 0;
}

/** The text of "## [version]" up to the next "## " heading (undefined when there is none). */
function section(changelog, version) {
	const escaped = version.replace(/[.[\]]/g, '\\$&');
	const m = new RegExp(`^## \\[${escaped}\\]([^\\n]*)\\n([\\s\\S]*?)(?=^## |(?![\\s\\S]))`, 'm').exec(changelog);
	return m ? { heading: m[1], body: m[2] } : undefined;
}

const hasEntries = (body) => /^\s*[-*] \S/m.test(body);

function check(tag) {
	const version = readJson('package.json').version;
	parse(version);
	const lock = readJson('package-lock.json');
	if (lock.version !== version || lock.packages?.['']?.version !== version) {
		fail(`package-lock.json has version ${lock.packages?.['']?.version ?? lock.version}, package.json ${version}: run npm install`);
	}
	const changelog = fs.readFileSync(file('CHANGELOG.md'), 'utf8');
	if (!UNRELEASED.test(changelog)) fail('CHANGELOG.md has no "## [Unreleased]" section');
	for (const [, v] of changelog.matchAll(/^## \[(\d+\.\d+\.\d+)\]/gm)) {
		if (compare(v, version) > 0) fail(`CHANGELOG.md has a section for ${v}, above package.json's ${version}`);
	}
	if (tag !== undefined) {
		if (tag !== `v${version}`) fail(`tag ${tag} does not match package.json version ${version} (expected v${version})`);
		const s = section(changelog, version);
		if (!s) fail(`CHANGELOG.md has no "## [${version}] - YYYY-MM-DD" section for tag ${tag}`);
		if (!/^ - \d{4}-\d{2}-\d{2}\s*$/.test(s.heading)) fail(`CHANGELOG.md's "## [${version}]" heading has no " - YYYY-MM-DD" date`);
		if (!hasEntries(s.body)) fail(`CHANGELOG.md's section for ${version} lists nothing`);
	}
	console.log(`release check: version ${version}${tag ? `, tag ${tag}` : ''}, package-lock.json and CHANGELOG.md agree`);
}

function bump(what) {
	if (!what) fail('say which version: npm run release -- <patch|minor|major|X.Y.Z>');
	check();
	if (git('status', '--porcelain')) fail('the work tree has uncommitted changes; commit or stash them first');
	const current = readJson('package.json').version;
	const [major, minor, patch] = parse(current);
	const next =
		what === 'major' ? `${major + 1}.0.0`
		: what === 'minor' ? `${major}.${minor + 1}.0`
		: what === 'patch' ? `${major}.${minor}.${patch + 1}`
		: (parse(what), what);
	const tagExists = git('tag', '--list', `v${current}`) !== '';
	if (compare(next, current) < 0 || (next === current && tagExists)) {
		fail(`${next} is not above the released ${current}`);
	}
	if (git('tag', '--list', `v${next}`)) fail(`tag v${next} exists already`);

	const changelog = fs.readFileSync(file('CHANGELOG.md'), 'utf8');
	const unreleased = section(changelog, 'Unreleased');
	if (!unreleased || !hasEntries(unreleased.body)) {
		fail('CHANGELOG.md\'s "## [Unreleased]" section lists nothing: say what changed first');
	}
	const today = new Date().toISOString().slice(0, 10);
	fs.writeFileSync(file('CHANGELOG.md'), changelog.replace(UNRELEASED, `## [Unreleased]\n\n## [${next}] - ${today}\n`));
	// npm version rewrites package.json and package-lock.json together; git is done below.
	execFileSync('npm', ['version', next, '--no-git-tag-version', '--allow-same-version', '--ignore-scripts'], {
		cwd: ROOT,
		stdio: ['ignore', 'ignore', 'inherit'],
	});
	check(`v${next}`);
	git('add', 'package.json', 'package-lock.json', 'CHANGELOG.md');
	git('commit', '-m', `Release v${next}`);
	git('tag', '-a', `v${next}`, '-m', `v${next}`);
	console.log(`Released v${next} locally (commit and tag). Publish: git push origin HEAD v${next}`);
}

const [command, arg] = process.argv.slice(2);
if (command === 'check') check(arg);
else if (command === 'bump') bump(arg);
else fail('usage: node dev/release.mjs check [vX.Y.Z] | bump <patch|minor|major|X.Y.Z>');
