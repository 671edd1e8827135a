/**
 * The codex files decide whether n8n's node panel finds the nodes. n8n 2.41's editor leaves out
 * of a search every node whose codex categories include "AI" unless its AI subcategories include
 * "Root Nodes", as long as the workflow holds no AI node yet; the search matches the display name
 * and the codex alias. (test/e2e/editor.test.ts shows the same in a real editor.)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { servicePackages } from '../../../dev/packages.cjs';

const ROOT = path.resolve(__dirname, '..', '..', '..');
/** Every node's codex file, with the package that ships the node. */
const codexFiles: Array<[string, string]> = servicePackages().flatMap((pkg) => {
	const dir = path.join('nodes', pkg.service);
	return fs.readdirSync(path.join(ROOT, dir)).filter((f) => f.endsWith('.node.json')).map((f): [string, string] => [path.join(dir, f), pkg.name]);
});

it('every node file has its codex file', () => {
	const nodes = servicePackages().flatMap((pkg) => fs.readdirSync(path.join(ROOT, 'nodes', pkg.service)).filter((f) => f.endsWith('.node.ts')));
	expect(codexFiles).toHaveLength(nodes.length);
});

describe.each(codexFiles)('%s', (file, packageName) => {
	const codex = JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8'));

	it('names the node type it belongs to, in its own package', () => {
		expect(codex.node).toBe(`${packageName}.${path.basename(file, '.node.json').replace(/^./, (c) => c.toLowerCase())}`);
	});

	it('is not hidden from searches in a workflow without AI nodes', () => {
		const hidden = codex.categories.includes('AI') && !(codex.subcategories?.AI ?? []).includes('Root Nodes');
		expect(hidden).toBe(false);
	});

	it('is found by the words a user types for document extraction', () => {
		const alias = (codex.alias as string[]).map((a) => a.toLowerCase());
		for (const word of ['document', 'extract', 'invoice', 'ocr', 'pdf']) expect(alias).toContain(word);
	});
});
