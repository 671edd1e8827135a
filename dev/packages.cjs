/**
 * The three published packages and how each is made from the one tree.
 *
 * The root package.json is the private workspace (never published). Its `n8n` section lists every
 * node and credential of the tree (n8n's source lint rules read it: they check the sources as one
 * package); its `n8nPackages` list names each package and the service folder under nodes/ it
 * holds, with the package's own description and keywords. Everything else in a package's
 * package.json (version, license, author, repository, engines, the shared keywords, the peer
 * dependency, n8nNodesApiVersion) is taken from the root, so nothing is written twice.
 *
 * What goes in a package is the root's list cut to one service, and what the compiled code needs:
 *   - its nodes: the root's `n8n.nodes` under dist/nodes/<service>/, with their codex files;
 *   - its credential: the one its nodes name (description.credentials), found in dist/credentials;
 *   - the code those files require, followed require by require (the shared core comes in
 *     file by file, only what the service uses);
 *   - the icons the compiled files name (`file:…svg`).
 * A require of anything but a relative file or `n8n-workflow` stops the build: a package has no
 * runtime dependency.
 *
 * Used by gulpfile.js (build), dev/check-packages.mjs (pack and verification checks),
 * dev/lint-tarball.mjs, the e2e harness and the demo (install the tarballs into n8n).
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
const PACKAGES_DIR = path.join(DIST, 'packages');
const TARBALLS_DIR = path.join(DIST, 'tarballs');
/** The one module a package's code may require besides its own files. */
const ALLOWED_RUNTIME_MODULES = new Set(['n8n-workflow']);
/** Node's own modules the compiled code may use (crypto for signatures, stream for uploads…). */
const NODE_BUILTINS = new Set(require('node:module').builtinModules);

/** The root package.json, read once per process (the unit harness asks for a node's type per context). */
let rootCache;
function rootManifest() {
	rootCache ??= JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	return rootCache;
}

/** The packages the workspace builds: [{ name, service, description, keywords }]. */
function servicePackages() {
	return rootManifest().n8nPackages;
}

/** The package that holds a service folder (nodes/<service>), e.g. 'Raydocs' → n8n-nodes-raydocs. */
function packageOfService(service) {
	const found = servicePackages().find((p) => p.service === service);
	if (!found) throw new Error(`no package holds nodes/${service} (root package.json n8nPackages)`);
	return found.name;
}

/**
 * A node's full type as n8n names it once its package is installed, from the node's `name`:
 * 'raydocs' → 'n8n-nodes-raydocs.raydocs' (the node file is nodes/<service>/<Name>.node.ts).
 */
function nodeType(nodeName) {
	const file = `${nodeName.charAt(0).toUpperCase()}${nodeName.slice(1)}.node.ts`;
	const found = servicePackages().find((p) => fs.existsSync(path.join(ROOT, 'nodes', p.service, file)));
	if (!found) throw new Error(`no package has the node "${nodeName}" (nodes/*/${file})`);
	return `${found.name}.${nodeName}`;
}

const packageDir = (name) => path.join(PACKAGES_DIR, name);

/** A compiled file's relative requires (tsc's CommonJS output: `require("./x")`). */
function requiresOf(file) {
	const text = fs.readFileSync(file, 'utf8');
	return [...text.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
}

function resolveRelative(from, spec) {
	const base = path.resolve(path.dirname(from), spec);
	for (const candidate of [base, `${base}.js`, path.join(base, 'index.js')]) {
		if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
	}
	throw new Error(`${path.relative(ROOT, from)} requires "${spec}", which was not built`);
}

/** The class a node or credential file is named after (Raydocs.node.js → Raydocs), instantiated. */
function instanceOf(file) {
	const className = path.basename(file).replace(/\.(node|credentials)\.js$/, '');
	const Exported = require(file)[className];
	if (typeof Exported !== 'function') throw new Error(`${path.relative(ROOT, file)} does not export the class ${className}`);
	return new Exported();
}

/** The credential files (dist/credentials/*.js) whose class `name` the given nodes ask for. */
function credentialFiles(nodeFiles) {
	const wanted = new Set();
	for (const file of nodeFiles) {
		for (const credential of instanceOf(file).description?.credentials ?? []) wanted.add(credential.name);
	}
	const dir = path.join(DIST, 'credentials');
	const found = new Map();
	for (const entry of fs.readdirSync(dir).filter((f) => f.endsWith('.credentials.js'))) {
		const file = path.join(dir, entry);
		const { name } = instanceOf(file);
		if (wanted.has(name)) found.set(name, file);
	}
	const missing = [...wanted].filter((name) => !found.has(name));
	if (missing.length) throw new Error(`credential type(s) ${missing.join(', ')} not found in dist/credentials`);
	return [...found.values()];
}

/**
 * Everything one package ships under its dist/, as paths relative to the root dist/:
 * { nodes, credentials, files } (files: every .js, .js.map, codex .json and icon).
 */
function packageContents(pkg) {
	const listed = rootManifest().n8n;
	const nodes = listed.nodes.filter((f) => f.startsWith(`dist/nodes/${pkg.service}/`)).map((f) => path.join(ROOT, f));
	if (nodes.length === 0) throw new Error(`${pkg.name}: the root package.json n8n.nodes lists no node under dist/nodes/${pkg.service}/`);
	const credentials = credentialFiles(nodes);
	const unlisted = credentials.filter((f) => !listed.credentials.includes(path.relative(ROOT, f).split(path.sep).join('/')));
	if (unlisted.length) throw new Error(`${pkg.name}: ${unlisted.join(', ')} is not in the root package.json n8n.credentials`);
	const files = new Set();
	const queue = [...nodes, ...credentials];
	while (queue.length) {
		const file = queue.pop();
		if (files.has(file)) continue;
		files.add(file);
		for (const spec of requiresOf(file)) {
			if (spec.startsWith('.')) queue.push(resolveRelative(file, spec));
			else if (!ALLOWED_RUNTIME_MODULES.has(spec) && !NODE_BUILTINS.has(spec.replace(/^node:/, ''))) {
				throw new Error(`${pkg.name}: ${path.relative(ROOT, file)} requires "${spec}"; a package may require only n8n-workflow and Node's own modules`);
			}
		}
		const text = fs.readFileSync(file, 'utf8');
		for (const m of text.matchAll(/["']file:([^"']+\.(?:svg|png))["']/g)) {
			const icon = path.resolve(path.dirname(file), m[1]);
			if (!fs.existsSync(icon)) throw new Error(`${path.relative(ROOT, file)} names the icon ${m[1]}, which is not in dist/`);
			files.add(icon);
		}
	}
	for (const file of [...files]) {
		if (file.endsWith('.js') && fs.existsSync(`${file}.map`)) files.add(`${file}.map`);
	}
	for (const node of nodes) {
		const codex = node.replace(/\.js$/, '.json');
		if (fs.existsSync(codex)) files.add(codex);
	}
	const rel = (f) => path.relative(DIST, f).split(path.sep).join('/');
	return { nodes: nodes.map(rel), credentials: credentials.map(rel), files: [...files].map(rel).sort() };
}

/** The package.json of one package: its own name, description and keywords; the rest from the root. */
function packageManifest(pkg, contents) {
	const root = rootManifest();
	return {
		name: pkg.name,
		version: root.version,
		description: pkg.description,
		keywords: [...new Set([...root.keywords, ...pkg.keywords])],
		license: root.license,
		author: root.author,
		homepage: `${root.homepage.replace(/#.*$/, '')}/tree/main/nodes/${pkg.service}#readme`,
		repository: { ...root.repository, directory: `nodes/${pkg.service}` },
		bugs: root.bugs,
		engines: root.engines,
		files: ['dist'],
		n8n: {
			n8nNodesApiVersion: root.n8n.n8nNodesApiVersion,
			strict: root.n8n.strict,
			credentials: contents.credentials.map((f) => `dist/${f}`),
			nodes: contents.nodes.map((f) => `dist/${f}`),
		},
		peerDependencies: root.peerDependencies,
		// n8n provides n8n-workflow: a plain `npm install <package>` in ~/.n8n/nodes must not install a
		// second copy (whose dependency chain also compiles a native module).
		peerDependenciesMeta: root.peerDependenciesMeta,
	};
}

/**
 * Writes dist/packages/<name>/: package.json, README.md (nodes/<service>/README.md), LICENSE,
 * CHANGELOG.md and dist/ with the package's files. Needs the TypeScript build and icons in dist/.
 */
function assemblePackage(pkg) {
	const dir = packageDir(pkg.name);
	fs.rmSync(dir, { recursive: true, force: true });
	const contents = packageContents(pkg);
	for (const file of contents.files) {
		const target = path.join(dir, 'dist', file);
		fs.mkdirSync(path.dirname(target), { recursive: true });
		fs.copyFileSync(path.join(DIST, file), target);
	}
	const readme = path.join(ROOT, 'nodes', pkg.service, 'README.md');
	if (!fs.existsSync(readme)) throw new Error(`${pkg.name}: nodes/${pkg.service}/README.md (the package's README) is missing`);
	fs.copyFileSync(readme, path.join(dir, 'README.md'));
	fs.copyFileSync(path.join(ROOT, 'LICENSE'), path.join(dir, 'LICENSE'));
	fs.copyFileSync(path.join(ROOT, 'CHANGELOG.md'), path.join(dir, 'CHANGELOG.md'));
	fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(packageManifest(pkg, contents), null, '\t')}\n`);
	return { dir, files: contents.files.length };
}

/** Packs every built package into dist/tarballs/ and returns { name: tarball path }. */
function packTarballs() {
	fs.rmSync(TARBALLS_DIR, { recursive: true, force: true });
	fs.mkdirSync(TARBALLS_DIR, { recursive: true });
	const tarballs = {};
	for (const pkg of servicePackages()) {
		const dir = packageDir(pkg.name);
		if (!fs.existsSync(path.join(dir, 'package.json'))) throw new Error(`${pkg.name} is not built (npm run build)`);
		const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', TARBALLS_DIR], { cwd: dir, encoding: 'utf8' });
		tarballs[pkg.name] = path.join(TARBALLS_DIR, JSON.parse(out)[0].filename);
	}
	return tarballs;
}

/**
 * What a built package declares, read from its own files in dist/packages/<name>/: its node types
 * as n8n names them ('n8n-nodes-raydocs.raydocs') and its credential types ('raydocsApi').
 */
function declaredTypes(name) {
	const dir = packageDir(name);
	const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
	const instances = (files) => files.map((file) => instanceOf(path.join(dir, file)));
	return {
		nodes: instances(manifest.n8n.nodes).map((node) => `${name}.${node.description.name}`),
		credentials: instances(manifest.n8n.credentials).map((credential) => credential.name),
	};
}

/** The tarballs `npm run build` packed into dist/tarballs/: { name: path }. */
function tarballs() {
	const version = rootManifest().version;
	const found = {};
	for (const pkg of servicePackages()) {
		const file = path.join(TARBALLS_DIR, `${pkg.name}-${version}.tgz`);
		if (!fs.existsSync(file)) throw new Error(`${path.relative(ROOT, file)} is missing: run npm run build`);
		found[pkg.name] = file;
	}
	return found;
}

module.exports = {
	ROOT,
	PACKAGES_DIR,
	TARBALLS_DIR,
	servicePackages,
	packageOfService,
	nodeType,
	instanceOf,
	packageDir,
	packageContents,
	packageManifest,
	assemblePackage,
	packTarballs,
	declaredTypes,
	tarballs,
};
