#!/usr/bin/env node
/**
 * Checks each packed tarball in dist/tarballs/ (made by `npm run build`) the way it will be
 * published: what is in it, and every item of n8n's community-node verification guidelines that
 * a machine can check. A failing item names the package and the rule.
 *
 *   node dev/check-packages.cjs          all three packages (npm run check:pack)
 *
 * The rules (each a function of the unpacked package folder, so a test can break one on purpose):
 *   pack contents     only package.json, README.md, LICENSE, CHANGELOG.md and dist/
 *   package.json      name n8n-nodes-*, the n8n-community-node-package keyword, an n8n section
 *                     whose files exist, files: ["dist"]
 *   one service       every node is in one service folder and asks for the one credential listed
 *   no runtime deps   no dependencies; the code requires only its own files, n8n-workflow and
 *                     node:crypto
 *   MIT               license MIT and a LICENSE file with the MIT text
 *   repository        repository.url on GitHub and repository.directory
 *   English           README and every text the nodes and credential show are in Latin script
 *   no env/fs access  no process.env, no file-system, child-process or os module in the code
 *   icons             each node and the credential have a light and a dark SVG icon, shipped, and different
 *   credential test   the credential declares a test request
 *   usableAsTool      every visible action node is usable as an AI tool
 *   README            the package's README names the package and says how to install it
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const { ROOT, instanceOf, servicePackages, tarballs } = require('./packages.cjs');

/** Node modules a package's code may require besides its own files. */
const ALLOWED_MODULES = new Set(['n8n-workflow', 'crypto', 'node:crypto']);
/** Modules that reach the environment or the file system. */
const FORBIDDEN_MODULES = /^(node:)?(fs|fs\/promises|child_process|os|process|worker_threads|vm|module)$/;
/** Letters allowed in user-facing text: Latin script (accented letters included); digits, punctuation and symbols pass. */
const NON_LATIN_LETTER = /(?![\p{Script=Latin}])\p{L}/u;

const walk = (dir) =>
	fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));

function manifestOf(dir) {
	return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
}

/** The exported classes of the package's node and credential files, instantiated. */
function loaded(dir) {
	const manifest = manifestOf(dir);
	const instance = (file) => ({ file, instance: instanceOf(path.join(dir, file)) });
	return {
		nodes: (manifest.n8n?.nodes ?? []).map(instance),
		credentials: (manifest.n8n?.credentials ?? []).map(instance),
	};
}

/** Every string in a description (displayName, description, hint, option names…), for the language check. */
function textsOf(value, out = []) {
	if (typeof value === 'string') out.push(value);
	else if (Array.isArray(value)) for (const v of value) textsOf(v, out);
	else if (value && typeof value === 'object') {
		for (const [key, v] of Object.entries(value)) {
			if (['displayName', 'description', 'hint', 'name', 'action', 'placeholder', 'subtitle', 'notice'].includes(key) || typeof v === 'object') textsOf(v, out);
		}
	}
	return out;
}

const RULES = {
	'pack contents'(dir) {
		const stray = walk(dir)
			.map((f) => path.relative(dir, f).split(path.sep).join('/'))
			.filter((f) => !/^(package\.json|README\.md|LICENSE|CHANGELOG\.md|dist\/.+)$/.test(f));
		return stray.length ? `files outside package.json, README.md, LICENSE, CHANGELOG.md and dist/: ${stray.join(', ')}` : undefined;
	},
	'package.json'(dir) {
		const m = manifestOf(dir);
		if (!/^n8n-nodes-[a-z0-9-]+$/.test(m.name ?? '')) return `name "${m.name}" does not start with n8n-nodes-`;
		if (!(m.keywords ?? []).includes('n8n-community-node-package')) return 'keywords lack n8n-community-node-package';
		if (!m.version || !m.description || !m.author || !m.engines) return 'version, description, author and engines are all required';
		if (m.n8n?.n8nNodesApiVersion !== 1) return 'n8n.n8nNodesApiVersion is not 1';
		const missing = [...(m.n8n.nodes ?? []), ...(m.n8n.credentials ?? [])].filter((f) => !fs.existsSync(path.join(dir, f)));
		if (missing.length) return `n8n section names files the package lacks: ${missing.join(', ')}`;
		if (JSON.stringify(m.files) !== '["dist"]') return `files is ${JSON.stringify(m.files)}, not ["dist"]`;
		return undefined;
	},
	'one service'(dir) {
		const m = manifestOf(dir);
		const folders = new Set((m.n8n.nodes ?? []).map((f) => f.split('/').slice(0, -1).join('/')));
		if (folders.size !== 1) return `nodes come from ${folders.size} service folders: ${[...folders].join(', ')}`;
		if ((m.n8n.credentials ?? []).length !== 1) return `${(m.n8n.credentials ?? []).length} credentials listed; one service has one`;
		const { nodes, credentials } = loaded(dir);
		const credential = credentials[0].instance.name;
		const others = nodes.flatMap(({ file, instance }) => (instance.description.credentials ?? []).filter((c) => c.name !== credential).map((c) => `${file} asks for ${c.name}`));
		const shipped = walk(path.join(dir, 'dist', 'nodes')).map((f) => path.relative(path.join(dir, 'dist', 'nodes'), f).split(path.sep)[0]);
		const strayFolders = [...new Set(shipped)].filter((folder) => folder !== 'shared' && `dist/nodes/${folder}` !== [...folders][0]);
		if (strayFolders.length) others.push(`ships another service's folder: ${strayFolders.join(', ')}`);
		return others.length ? others.join('; ') : undefined;
	},
	'no runtime deps'(dir) {
		const m = manifestOf(dir);
		for (const key of ['dependencies', 'optionalDependencies', 'bundleDependencies', 'bundledDependencies']) {
			if (m[key] && Object.keys(m[key]).length) return `${key}: ${Object.keys(m[key]).join(', ')}`;
		}
		const peers = Object.keys(m.peerDependencies ?? {});
		if (peers.some((p) => p !== 'n8n-workflow')) return `peer dependencies other than n8n-workflow: ${peers.join(', ')}`;
		const outside = [];
		for (const file of walk(dir).filter((f) => f.endsWith('.js'))) {
			for (const [, spec] of fs.readFileSync(file, 'utf8').matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) {
				if (!spec.startsWith('.') && !ALLOWED_MODULES.has(spec)) outside.push(`${path.relative(dir, file)} requires ${spec}`);
			}
		}
		return outside.length ? outside.join('; ') : undefined;
	},
	MIT(dir) {
		if (manifestOf(dir).license !== 'MIT') return `license is ${manifestOf(dir).license}`;
		const license = path.join(dir, 'LICENSE');
		if (!fs.existsSync(license) || !/MIT License/.test(fs.readFileSync(license, 'utf8'))) return 'LICENSE is missing or is not the MIT License';
		return undefined;
	},
	repository(dir) {
		const repo = manifestOf(dir).repository;
		if (!repo?.url || !/github\.com\/[^/]+\/[^/]+?(\.git)?$/.test(repo.url)) return `repository.url "${repo?.url}" is not a GitHub repository`;
		if (!repo.directory) return 'repository.directory is missing';
		return undefined;
	},
	English(dir) {
		const { nodes, credentials } = loaded(dir);
		const texts = [
			...nodes.flatMap(({ instance }) => textsOf(instance.description)),
			...credentials.flatMap(({ instance }) => textsOf({ displayName: instance.displayName, properties: instance.properties })),
			fs.readFileSync(path.join(dir, 'README.md'), 'utf8'),
		];
		const foreign = texts.filter((t) => NON_LATIN_LETTER.test(t));
		return foreign.length ? `text not in Latin script: ${foreign.slice(0, 3).map((t) => JSON.stringify(t.slice(0, 80))).join(', ')}` : undefined;
	},
	'no env/fs access'(dir) {
		const found = [];
		for (const file of walk(dir).filter((f) => f.endsWith('.js'))) {
			const text = fs.readFileSync(file, 'utf8');
			if (/\bprocess\.(env|cwd|chdir|argv)\b/.test(text)) found.push(`${path.relative(dir, file)} reads process.env/cwd/argv`);
			for (const [, spec] of text.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) {
				if (FORBIDDEN_MODULES.test(spec)) found.push(`${path.relative(dir, file)} requires ${spec}`);
			}
		}
		return found.length ? found.join('; ') : undefined;
	},
	icons(dir) {
		const { nodes, credentials } = loaded(dir);
		const problems = [];
		for (const { file, instance } of [...nodes.map((n) => ({ file: n.file, instance: n.instance.description })), ...credentials]) {
			const icon = instance.icon;
			if (!icon || typeof icon !== 'object' || !icon.light || !icon.dark) {
				problems.push(`${file} has no light and dark icon`);
				continue;
			}
			const files = [icon.light, icon.dark].map((ref) => path.resolve(path.dirname(path.join(dir, file)), String(ref).replace(/^file:/, '')));
			const absent = files.filter((f) => !fs.existsSync(f));
			if (absent.length) problems.push(`${file}: icon ${absent.map((f) => path.relative(dir, f)).join(', ')} not shipped`);
			else if (!files.every((f) => f.endsWith('.svg'))) problems.push(`${file}: icons are not SVG`);
			else if (fs.readFileSync(files[0]).equals(fs.readFileSync(files[1]))) problems.push(`${file}: the light and dark icons are the same`);
		}
		return problems.length ? problems.join('; ') : undefined;
	},
	'credential test'(dir) {
		const { credentials } = loaded(dir);
		const untested = credentials.filter(({ instance }) => !instance.test?.request).map(({ file }) => file);
		return untested.length ? `no test request: ${untested.join(', ')}` : undefined;
	},
	usableAsTool(dir) {
		const { nodes } = loaded(dir);
		const actions = nodes.filter(({ instance }) => !instance.description.group?.includes('trigger') && !instance.description.hidden);
		if (actions.length === 0) return 'no action node';
		// true, or the replacements n8n applies to the tool variant it makes (an object).
		const usable = (value) => value === true || (typeof value === 'object' && value !== null && typeof value.replacements === 'object');
		const notTools = actions.filter(({ instance }) => !usable(instance.description.usableAsTool)).map(({ file }) => file);
		return notTools.length ? `not usableAsTool: ${notTools.join(', ')}` : undefined;
	},
	README(dir) {
		const readme = path.join(dir, 'README.md');
		if (!fs.existsSync(readme)) return 'README.md is missing';
		const text = fs.readFileSync(readme, 'utf8');
		const name = manifestOf(dir).name;
		if (!text.includes(name)) return `README.md does not name ${name}`;
		if (!/## Installation/i.test(text)) return 'README.md has no Installation section';
		return undefined;
	},
};

/** Every rule on one unpacked package folder: [{ rule, problem }] (problem undefined when met). */
function checkPackageDir(dir) {
	return Object.entries(RULES).map(([rule, check]) => {
		try {
			return { rule, problem: check(dir) };
		} catch (error) {
			return { rule, problem: `could not be checked: ${error.message}` };
		}
	});
}

/** Unpacks a tarball into a fresh folder (npm's `package/` prefix removed). */
function unpack(tarball) {
	// Inside the repository, so the code it loads finds n8n-workflow in the project's node_modules.
	const parent = path.join(ROOT, '.tmp');
	fs.mkdirSync(parent, { recursive: true });
	const dir = fs.mkdtempSync(path.join(parent, 'check-package-'));
	execFileSync('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1']);
	return dir;
}

function main() {
	const built = tarballs();
	let failed = 0;
	for (const pkg of servicePackages()) {
		const dir = unpack(built[pkg.name]);
		try {
			const files = walk(dir).length;
			for (const { rule, problem } of checkPackageDir(dir)) {
				if (problem) {
					failed++;
					console.error(`${pkg.name}: ${rule}: ${problem}`);
				} else console.log(`${pkg.name}: ${rule}: ok`);
			}
			console.log(`${pkg.name}: ${path.basename(built[pkg.name])}, ${files} files`);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	}
	if (failed) {
		console.error(`${failed} verification item(s) failed`);
		process.exit(1);
	}
}

if (require.main === module) main();

module.exports = { RULES, checkPackageDir, unpack };
