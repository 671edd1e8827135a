/** Parsers: list, create, get, update, delete; detect-fields from a sample (charged per page). */
import type { StoredBlob } from '../blobs';
import type { RouteDef } from '../core';
import type { Ctx } from '../http';
import { boundaryOf } from '../multipart';
import type { Router } from '../router';
import { cursorPage } from './cursorPages';
import { accountKey, type PpEnv } from './env';
import { invalid, ppError } from './errors';
import { ppId, schemaFromFields, type PpParser } from './state';

export const parserFor = (env: PpEnv, ctx: Ctx, id: string): PpParser => {
	const { st } = env;
	const p = st.parsers.get(id);
	if (!p || p.account !== accountKey(ctx)) throw ppError(404, 'PARSER_NOT_FOUND', `Parser ${id} not found`);
	return p;
};

const validateFields = (fields: unknown): { name: string; type?: string; description?: string; required?: boolean }[] => {
	if (fields === undefined) return [];
	if (!Array.isArray(fields)) throw invalid('fields must be an array');
	return fields.map((f, i) => {
		if (!f || typeof f.name !== 'string' || !f.name) throw invalid(`fields[${i}].name is required`);
		if (f.type !== undefined && !['string', 'number', 'boolean', 'date', 'array', 'object', 'integer'].includes(f.type)) throw invalid(`fields[${i}].type is invalid`);
		return f;
	});
};

const nameTaken = (env: PpEnv, ctx: Ctx, name: string, except?: string) => [...env.st.parsers.values()].some((p) => p.account === accountKey(ctx) && p.name === name && p.parser_id !== except);

/** A parser's place in list order (its creation sequence, given on first sight). */
export const seqOf = (env: PpEnv, p: PpParser) => {
	const { parserSeq, st } = env;
	let s = parserSeq.get(p.parser_id);
	if (s === undefined) parserSeq.set(p.parser_id, (s = ++st.seq));
	return s;
};

/** /v1/parsers and /v1/parsers/:id/detect-fields. */
export function registerParsers(r: Router<RouteDef>, env: PpEnv): void {
	const { st, core, samples } = env;
	r.add('GET', '/v1/parsers', {
		handler: (ctx) => {
			const items = [...st.parsers.values()].filter((p) => p.account === accountKey(ctx)).map((p) => ({ p, seq: seqOf(env, p) }));
			const { page, pagination } = cursorPage(items, ctx, 20);
			return { status: 200, body: { parsers: page.map((x) => st.parserOut(x.p)), pagination } };
		},
	});
	r.add('POST', '/v1/parsers', {
		handler: async (ctx) => {
			const b = await ctx.json();
			if (typeof b.name !== 'string' || !b.name.trim()) throw invalid('name is required');
			if (b.name.length > 100) throw invalid('name must be at most 100 characters');
			if (b.result_mode !== undefined && !['one_per_file', 'one_per_page'].includes(b.result_mode)) throw invalid('result_mode must be one_per_file or one_per_page');
			const fields = validateFields(b.fields);
			if (nameTaken(env, ctx, b.name)) throw ppError(409, 'CONFLICT', `A parser named "${b.name}" already exists`);
			const p = st.addParser(accountKey(ctx), { name: b.name, description: b.description ?? null, result_mode: b.result_mode, fields });
			seqOf(env, p);
			core.stats.created('perfectparser', 'parsers');
			return { status: 201, body: { parser: st.parserOut(p) } };
		},
	});
	r.add('GET', '/v1/parsers/:id', { handler: (ctx) => ({ status: 200, body: { parser: st.parserOut(parserFor(env, ctx, ctx.params.id)) } }) });
	r.add('PATCH', '/v1/parsers/:id', {
		handler: async (ctx) => {
			const p = parserFor(env, ctx, ctx.params.id);
			const b = await ctx.json();
			if (b.name !== undefined) {
				if (typeof b.name !== 'string' || !b.name.trim() || b.name.length > 100) throw invalid('name must be a non-empty string of at most 100 characters');
				if (nameTaken(env, ctx, b.name, p.parser_id)) throw ppError(409, 'CONFLICT', `A parser named "${b.name}" already exists`);
				p.name = b.name;
			}
			if (b.description !== undefined) p.description = b.description;
			if (b.result_mode !== undefined) {
				if (!['one_per_file', 'one_per_page'].includes(b.result_mode)) throw invalid('result_mode must be one_per_file or one_per_page');
				p.result_mode = b.result_mode;
			}
			if (b.fields !== undefined) {
				const gen = schemaFromFields(validateFields(b.fields));
				p.schema = gen.schema;
				p.fields = gen.fields;
			}
			p.updated_at = Date.now();
			return { status: 200, body: { parser: st.parserOut(p) } };
		},
	});
	// Not documented anywhere; provided as a non-standard convenience (204).
	r.add('DELETE', '/v1/parsers/:id', {
		handler: (ctx) => {
			const p = parserFor(env, ctx, ctx.params.id);
			st.parsers.delete(p.parser_id);
			return { status: 204 };
		},
	});
	r.add('POST', '/v1/parsers/:id/detect-fields', {
		handler: async (ctx) => {
			const p = parserFor(env, ctx, ctx.params.id);
			let blob: StoredBlob;
			let replace: boolean;
			let sampleId: string;
			if (boundaryOf(ctx.req.headers['content-type'])) {
				const mp = await ctx.multipart();
				const f = mp.files.find((x) => x.field === 'file');
				if (!f) throw invalid('file is required');
				blob = f.blob;
				replace = (mp.fields.replace_existing_schema?.[0] ?? '') === 'true';
				sampleId = ppId('smp');
				samples.set(sampleId, { account: accountKey(ctx), blob });
			} else {
				const b = await ctx.json();
				if (typeof b.sample_file_id !== 'string') throw invalid('sample_file_id is required (or upload a file as multipart)');
				const s = samples.get(b.sample_file_id);
				if (!s || s.account !== accountKey(ctx)) throw ppError(404, 'RESOURCE_NOT_FOUND', 'Sample file not found');
				blob = s.blob;
				sampleId = b.sample_file_id;
				replace = b.replace_existing_schema === true;
			}
			const hasSchema = p.schema && Object.keys(p.schema).length > 0;
			// PerfectParser documents no status for this conflict; 409 is the usual one
			if (hasSchema && !replace) throw ppError(409, 'SCHEMA_ALREADY_EXISTS', 'The parser already has a schema; set replace_existing_schema to overwrite it');
			const facts = core.blobs.facts_(blob);
			if (facts.kind === 'pdf' && facts.pageCount === 0) throw ppError(400, 'PAGE_COUNT_FAILED', 'Could not count the pages of the sample');
			const need = facts.pageCount;
			const have = st.available(accountKey(ctx));
			if (need > have) throw ppError(402, 'INSUFFICIENT_CREDITS', `This sample needs ${need} credits but only ${have} are available`, { credits_required: need, credits_available: have });
			st.charge(accountKey(ctx), need);
			const fields = facts.pages.flat().flatMap((l) => {
				const i = l.indexOf(':');
				if (i <= 0) return [];
				const label = l.slice(0, i).trim();
				const v = l.slice(i + 1).trim();
				const name = label.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
				if (!name || name === 'sandbox_fail') return [];
				const type = /^\d{4}-\d{2}-\d{2}$/.test(v) ? 'date' : /^[^A-Za-z]{0,4}[\d.,\s]+$/.test(v) && /\d/.test(v) ? 'number' : 'string';
				return [{ name, type, description: label }];
			});
			const gen = schemaFromFields(fields);
			p.schema = gen.schema;
			p.fields = gen.fields;
			p.sample_file_id = sampleId;
			p.updated_at = Date.now();
			return { status: 200, body: { parser_id: p.parser_id, sample_file_id: sampleId, schema: p.schema, fields: p.fields, credits_used: need } };
		},
	});
}
