/** Data schemas: parsing (object or JSON string), the documented limits, validation and generation. */
import type { Ctx, Reply } from '../http';
import { detail, required, v422 } from './errors';
import type { LlEnv } from './env';
import { fileFor } from './files';

export function parseSchema(v: unknown, loc: (string | number)[]): any {
	let s = v;
	if (typeof s === 'string') {
		try {
			s = JSON.parse(s);
		} catch {
			throw v422([{ loc, msg: 'Invalid JSON string', type: 'json_invalid', input: v }]);
		}
	}
	if (!s || typeof s !== 'object' || Array.isArray(s)) throw v422([{ loc, msg: 'Input should be a valid dictionary', type: 'dict_type', input: v }]);
	return s;
}

/** Schema rules from the limits table: root type object, depth ≤ 7, ≤ 5000 properties. */
export function validateSchema(s: any): void {
	if (s.type !== undefined && s.type !== 'object') throw detail(400, 'Invalid schema: the root must be of type "object"');
	let count = 0;
	const walk = (n: any, depth: number) => {
		if (depth > 7) throw detail(400, 'Invalid schema: maximum nesting depth of 7 exceeded');
		if (n && typeof n === 'object') {
			if (n.properties && typeof n.properties === 'object') {
				count += Object.keys(n.properties).length;
				for (const c of Object.values(n.properties)) walk(c, depth + 1);
			}
			if (n.items) walk(n.items, depth + 1);
		}
	};
	walk(s, 1);
	if (count > 5000) throw detail(400, 'Invalid schema: more than 5000 properties');
}

/** POST …/schema/validation (v1 agents and v2 extract alike). */
export const validation = async (ctx: Ctx): Promise<Reply> => {
	const b = await ctx.json();
	required(b, ['data_schema']);
	const s = parseSchema(b.data_schema, ['body', 'data_schema']);
	validateSchema(s);
	return { status: 200, body: { data_schema: { type: 'object', ...s } } };
};

/** A schema from the body's own, else from a file's `Label: value` lines, else from the prompt's words. */
export const generate = async (env: LlEnv, ctx: Ctx) => {
	const b = await ctx.json();
	if (b.data_schema) return parseSchema(b.data_schema, ['body', 'data_schema']);
	// derive from a file's `Label: value` lines, else from words of the prompt
	const labels: string[] = [];
	if (b.file_id) {
		const f = fileFor(env, ctx, b.file_id, ['body', 'file_id']);
		for (const l of f.facts.pages.flat()) if (l.includes(':')) labels.push(l.slice(0, l.indexOf(':')));
	} else if (typeof b.prompt === 'string') labels.push(...b.prompt.split(/[,;\n]| and /).map((s: string) => s.trim()).filter(Boolean));
	const properties: Record<string, unknown> = {};
	for (const l of labels) {
		const k = l.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
		if (k && k !== 'sandbox_fail') properties[k] = { type: /total|amount|price|count/.test(k) ? 'number' : 'string', description: l };
	}
	return { type: 'object', properties };
};
