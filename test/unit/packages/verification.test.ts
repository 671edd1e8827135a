/**
 * The verification checks run on each packed package (dev/check-packages.cjs): a small package
 * that meets every item passes, and each way of breaking an item fails that item, naming it.
 * (`npm run check:pack` runs the same rules on the three real tarballs.)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { checkPackageDir } from '../../../dev/check-packages.cjs';

const ROOT = path.resolve(__dirname, '..', '..', '..');

const NODE = `
class Demo {
	constructor() {
		this.description = {
			displayName: 'Demo', name: 'demo', group: ['transform'], version: 1, description: 'Extract documents with Demo',
			icon: { light: 'file:../../icons/demo.svg', dark: 'file:../../icons/demo.dark.svg' },
			credentials: [{ name: 'demoApi', required: true }], usableAsTool: true,
			properties: [{ displayName: 'Resource', name: 'resource', type: 'options', options: [{ name: 'Document', value: 'document' }], default: 'document' }],
		};
	}
}
exports.Demo = Demo;
`;
const TRIGGER = NODE.replace(/class Demo/, 'class DemoTrigger').replace("name: 'demo', group: ['transform']", "name: 'demoTrigger', group: ['trigger']").replace('usableAsTool: true,', '').replace('exports.Demo = Demo', 'exports.DemoTrigger = DemoTrigger');
const CREDENTIAL = `
const crypto = require("crypto");
class DemoApi {
	constructor() {
		this.name = 'demoApi';
		this.displayName = 'Demo API';
		this.icon = { light: 'file:../icons/demo.svg', dark: 'file:../icons/demo.dark.svg' };
		this.properties = [{ displayName: 'API Key', name: 'apiKey', type: 'string', typeOptions: { password: true }, default: '' }];
		this.test = { request: { baseURL: 'https://api.demo.example', url: '/me' } };
	}
}
exports.DemoApi = DemoApi;
`;

function writePackage(dir: string): void {
	const files: Record<string, string> = {
		'package.json': JSON.stringify({
			name: 'n8n-nodes-demo',
			version: '1.0.0',
			description: 'Demo',
			keywords: ['n8n-community-node-package'],
			license: 'MIT',
			author: { name: 'Demo' },
			repository: { type: 'git', url: 'git+https://github.com/demo/demo.git', directory: 'nodes/Demo' },
			engines: { node: '>=20.15' },
			files: ['dist'],
			n8n: { n8nNodesApiVersion: 1, credentials: ['dist/credentials/DemoApi.credentials.js'], nodes: ['dist/nodes/Demo/Demo.node.js', 'dist/nodes/Demo/DemoTrigger.node.js'] },
			peerDependencies: { 'n8n-workflow': '*' },
		}),
		'README.md': '# n8n-nodes-demo\n\n## Installation\n\nnpm install n8n-nodes-demo\n',
		LICENSE: 'MIT License\n\nCopyright (c) Demo\n',
		'CHANGELOG.md': '# Changelog\n',
		'dist/nodes/Demo/Demo.node.js': NODE,
		'dist/nodes/Demo/DemoTrigger.node.js': TRIGGER,
		'dist/nodes/shared/transport/http.js': 'exports.x = 1;\n',
		'dist/credentials/DemoApi.credentials.js': CREDENTIAL,
		'dist/icons/demo.svg': '<svg xmlns="http://www.w3.org/2000/svg"><rect fill="#000"/></svg>',
		'dist/icons/demo.dark.svg': '<svg xmlns="http://www.w3.org/2000/svg"><rect fill="#fff"/></svg>',
	};
	for (const [file, text] of Object.entries(files)) {
		fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
		fs.writeFileSync(path.join(dir, file), text);
	}
}

const edit = (dir: string, file: string, change: (text: string) => string) =>
	fs.writeFileSync(path.join(dir, file), change(fs.readFileSync(path.join(dir, file), 'utf8')));
const editManifest = (dir: string, change: (m: any) => void) =>
	edit(dir, 'package.json', (text) => {
		const m = JSON.parse(text);
		change(m);
		return JSON.stringify(m);
	});

let dir: string;
beforeEach(() => {
	fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true });
	dir = fs.mkdtempSync(path.join(ROOT, '.tmp', 'verification-'));
	writePackage(dir);
	// Each test writes its own copy of the files: no require() cache between them.
	for (const key of Object.keys(require.cache)) if (key.startsWith(path.join(ROOT, '.tmp'))) delete require.cache[key];
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const failing = () => checkPackageDir(dir).filter((r) => r.problem).map((r) => `${r.rule}: ${r.problem}`);

test('a package that meets every item passes every rule', () => {
	expect(failing()).toEqual([]);
	expect(checkPackageDir(dir).map((r) => r.rule)).toEqual([
		'pack contents', 'package.json', 'one service', 'no runtime deps', 'MIT', 'repository', 'English', 'no env/fs access', 'icons', 'credential test', 'usableAsTool', 'README',
	]);
});

test.each<[string, (dir: string) => void, RegExp]>([
	['a stray file', (d) => fs.writeFileSync(path.join(d, 'tsconfig.json'), '{}'), /^pack contents: .*tsconfig\.json/],
	['a name without n8n-nodes-', (d) => editManifest(d, (m) => (m.name = 'demo-nodes')), /^package\.json: name "demo-nodes"/],
	['no community keyword', (d) => editManifest(d, (m) => (m.keywords = ['n8n'])), /^package\.json: keywords lack n8n-community-node-package/],
	['a second credential', (d) => editManifest(d, (m) => m.n8n.credentials.push('dist/credentials/DemoApi.credentials.js')), /^one service: 2 credentials/],
	['another service\'s folder shipped', (d) => { fs.mkdirSync(path.join(d, 'dist/nodes/Other')); fs.writeFileSync(path.join(d, 'dist/nodes/Other/x.js'), ''); }, /^one service: ships another service's folder: Other/],
	['a runtime dependency', (d) => editManifest(d, (m) => (m.dependencies = { axios: '1.0.0' })), /^no runtime deps: dependencies: axios/],
	['a require of a module not shipped', (d) => edit(d, 'dist/nodes/shared/transport/http.js', (t) => `const a = require("axios");\n${t}`), /^no runtime deps: .*requires axios/],
	['another license', (d) => editManifest(d, (m) => (m.license = 'ISC')), /^MIT: license is ISC/],
	['no repository', (d) => editManifest(d, (m) => delete m.repository), /^repository: repository\.url "undefined"/],
	['no repository directory', (d) => editManifest(d, (m) => delete m.repository.directory), /^repository: repository\.directory is missing/],
	['text in another script', (d) => edit(d, 'dist/nodes/Demo/Demo.node.js', (t) => t.replace('Extract documents with Demo', 'Извлечь документы')), /^English: text not in Latin script/],
	['reading the environment', (d) => edit(d, 'dist/nodes/shared/transport/http.js', (t) => `${t}exports.y = process.env.HOME;\n`), /^no env\/fs access: .*process\.env/],
	['the file system', (d) => edit(d, 'dist/nodes/shared/transport/http.js', (t) => `const fs = require("fs");\n${t}`), /^no env\/fs access: .*requires fs/],
	['one icon for both themes', (d) => fs.copyFileSync(path.join(d, 'dist/icons/demo.svg'), path.join(d, 'dist/icons/demo.dark.svg')), /^icons: .*light and dark icons are the same/],
	['a missing dark icon', (d) => fs.rmSync(path.join(d, 'dist/icons/demo.dark.svg')), /^icons: .*demo\.dark\.svg not shipped/],
	['no credential test', (d) => edit(d, 'dist/credentials/DemoApi.credentials.js', (t) => t.replace(/this\.test = .*\n/, '')), /^credential test: no test request/],
	['an action node not usable as a tool', (d) => edit(d, 'dist/nodes/Demo/Demo.node.js', (t) => t.replace('usableAsTool: true,', '')), /^usableAsTool: not usableAsTool: dist\/nodes\/Demo\/Demo\.node\.js/],
	['a README without installation', (d) => fs.writeFileSync(path.join(d, 'README.md'), '# n8n-nodes-demo\n'), /^README: README\.md has no Installation section/],
])('%s fails its rule, named', (_what, breakIt, expected) => {
	breakIt(dir);
	// The item broken fails, naming itself (a forbidden require also fails "no runtime deps"; a
	// renamed package, the README that names the package).
	expect(failing()).toContainEqual(expect.stringMatching(expected));
});
