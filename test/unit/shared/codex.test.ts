/**
 * The codex files decide whether n8n's node panel finds the nodes. n8n 2.41's editor leaves out
 * of a search every node whose codex categories include "AI" unless its AI subcategories include
 * "Root Nodes", as long as the workflow holds no AI node yet; the search matches the display name
 * and the codex alias. (test/e2e/editor.test.ts shows the same in a real editor.)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const nodeFiles: string[] = pkg.n8n.nodes.map((f: string) => f.replace(/^dist\//, '').replace(/\.js$/, '.json'));

describe.each(nodeFiles)('%s', (file) => {
	const codex = JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8'));

	it('names the node type it belongs to', () => {
		expect(codex.node).toBe(`${pkg.name}.${path.basename(file, '.node.json').replace(/^./, (c) => c.toLowerCase())}`);
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
