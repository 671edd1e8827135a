/** Exports of an extraction's or a document's results. Parameter and formats are undocumented; `format=json|csv|xlsx` (excel accepted too). */
import type { RouteDef } from '../core';
import type { Ctx, Reply } from '../http';
import type { Router } from '../router';
import { buildXlsx, Cell, toCsv, XLSX_MIME } from '../xlsx';
import type { PpEnv } from './env';
import { invalid } from './errors';
import { docFor, extractionFor } from './extractions';
import type { PpExtraction } from './state';

const exportRows = (env: PpEnv, x: PpExtraction, docs: PpExtraction['documents']) => {
	const { st } = env;
	const parser = st.parsers.get(x.parser_id);
	const cols = Object.keys(parser?.schema?.properties ?? {});
	const rows: Cell[][] = [['document_id', 'filename', 'status', 'page', ...cols]];
	for (const d of docs) {
		const recs = Array.isArray(d.extracted_data) ? (d.extracted_data as Record<string, unknown>[]) : [(d.extracted_data ?? {}) as Record<string, unknown>];
		recs.forEach((rec, i) => rows.push([d.document_id, d.filename, d.status, Array.isArray(d.extracted_data) ? i + 1 : null, ...cols.map((c) => toCell(rec[c]))]));
	}
	return rows;
};

const exportReply = (ctx: Ctx, name: string, json: unknown, rows: Cell[][]): Reply => {
	const f = (ctx.query.get('format') ?? 'json').toLowerCase();
	if (f === 'json') return { status: 200, body: json, headers: { 'Content-Disposition': `attachment; filename="${name}.json"` } };
	if (f === 'csv') return { status: 200, body: toCsv(rows), headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${name}.csv"` } };
	if (f === 'xlsx' || f === 'excel') return { status: 200, body: buildXlsx([{ name: 'Results', rows }]), headers: { 'Content-Type': XLSX_MIME, 'Content-Disposition': `attachment; filename="${name}.xlsx"` } };
	throw invalid('format must be one of json, csv, xlsx');
};

/** GET /v1/extractions/:extraction_id[/documents/:document_id]/export. */
export function registerResultExports(r: Router<RouteDef>, env: PpEnv): void {
	const { st } = env;
	r.add('GET', '/v1/extractions/:extraction_id/export', {
		handler: (ctx) => {
			const x = extractionFor(env, ctx);
			return exportReply(ctx, x.extraction_id, { extraction: st.resultsOut(x) }, exportRows(env, x, x.documents));
		},
	});
	r.add('GET', '/v1/extractions/:extraction_id/documents/:document_id/export', {
		handler: (ctx) => {
			const { x, d } = docFor(env, ctx);
			return exportReply(ctx, d.document_id, { document: st.documentOut(x, d) }, exportRows(env, x, [d]));
		},
	});
}

function toCell(v: unknown): Cell {
	if (v === null || v === undefined) return null;
	if (typeof v === 'object') return JSON.stringify(v);
	return v as Cell;
}
