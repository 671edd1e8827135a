/** Deterministic "AI": reads text from the uploaded bytes and fills schema fields from lines of the
 * form `Label: value`. PDFs: text from uncompressed (or Flate) content streams, page count from
 * `/Type /Page` objects. PNGs: tEXt/iTXt/zTXt chunks. JPEGs: COM segments. Anything else: UTF-8. */
import { createHash } from 'node:crypto';
import { inflateSync } from 'node:zlib';

export interface DocFacts {
	kind: 'pdf' | 'png' | 'jpeg' | 'text' | 'binary';
	mime: string;
	filename: string;
	size: number;
	sha256: string;
	pageCount: number;
	/** Text lines per page (index 0 = page 1). */
	pages: string[][];
}

export interface FieldSpec {
	name: string;
	type: string; // string | number | integer | boolean | date | array | object ...
	/** For nested objects (LlamaExtract/PerfectParser JSON Schema). */
	children?: FieldSpec[];
}

export interface FoundValue {
	value: unknown;
	line: string | null;
	page: number | null;
}

/** Text and pages are read from at most this many leading bytes: a 1 GiB scan does not fit in a string. */
const TEXT_SCAN_LIMIT = 64 * 1024 * 1024;

export function analyze(whole: Buffer, filename: string, contentType: string): DocFacts {
	const sha256 = createHash('sha256').update(whole).digest('hex');
	const base = { filename, size: whole.length, sha256 };
	const bytes = whole.length > TEXT_SCAN_LIMIT ? whole.subarray(0, TEXT_SCAN_LIMIT) : whole;
	if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') {
		const pdf = readPdf(bytes);
		return { ...base, kind: 'pdf', mime: 'application/pdf', ...pdf };
	}
	if (bytes.length >= 8 && bytes.readUInt32BE(0) === 0x89504e47) {
		return { ...base, kind: 'png', mime: 'image/png', pageCount: 1, pages: [readPng(bytes)] };
	}
	if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
		return { ...base, kind: 'jpeg', mime: 'image/jpeg', pageCount: 1, pages: [readJpegComments(bytes)] };
	}
	const text = bytes.toString('utf8');
	// eslint-disable-next-line no-control-regex
	const binary = /[\x00-\x08\x0e-\x1a]/.test(text.slice(0, 4096));
	const pages = text.split('\f').map(toLines);
	return {
		...base,
		kind: binary ? 'binary' : 'text',
		mime: contentType && contentType !== 'application/octet-stream' ? contentType : binary ? 'application/octet-stream' : 'text/plain',
		pageCount: Math.max(1, pages.length),
		pages,
	};
}

function toLines(s: string): string[] {
	return s
		.split(/\r?\n|\r/)
		.map((l) => l.trim())
		.filter((l) => l.length > 0);
}

// ---------------------------------------------------------------- PDF

function readPdf(bytes: Buffer): { pageCount: number; pages: string[][] } {
	const src = bytes.toString('latin1');
	const objects = new Map<number, { dict: string; stream?: Buffer }>();
	const objRe = /(\d+)\s+\d+\s+obj\b/g;
	let m: RegExpExecArray | null;
	while ((m = objRe.exec(src))) {
		const start = m.index + m[0].length;
		const end = src.indexOf('endobj', start);
		if (end < 0) break;
		const body = src.slice(start, end);
		const si = body.indexOf('stream');
		let dict = body;
		let stream: Buffer | undefined;
		if (si >= 0 && /<<[\s\S]*>>/.test(body.slice(0, si))) {
			dict = body.slice(0, si);
			let ds = start + si + 'stream'.length;
			if (src[ds] === '\r') ds++;
			if (src[ds] === '\n') ds++;
			const de = src.indexOf('endstream', ds);
			let raw = bytes.subarray(ds, de < 0 ? end : de);
			if (/\/FlateDecode/.test(dict)) {
				try {
					raw = inflateSync(raw);
				} catch {
					/* leave as is */
				}
			}
			stream = raw;
		}
		objects.set(Number(m[1]), { dict, stream });
		objRe.lastIndex = end;
	}
	const pageIds = [...objects.entries()].filter(([, o]) => /\/Type\s*\/Page(?![a-zA-Z])/.test(o.dict)).map(([id]) => id);
	const pages: string[][] = [];
	for (const id of pageIds) {
		const dict = objects.get(id)!.dict;
		const refs: number[] = [];
		const arr = /\/Contents\s*\[([^\]]*)\]/.exec(dict);
		const single = /\/Contents\s+(\d+)\s+\d+\s+R/.exec(dict);
		if (arr) for (const r of arr[1].matchAll(/(\d+)\s+\d+\s+R/g)) refs.push(Number(r[1]));
		else if (single) refs.push(Number(single[1]));
		const lines: string[] = [];
		for (const r of refs) {
			const s = objects.get(r)?.stream;
			if (s) lines.push(...contentText(s.toString('latin1')));
		}
		pages.push(lines);
	}
	if (pages.length === 0) {
		// no page tree found: gather every stream's text as one page
		const lines: string[] = [];
		for (const o of objects.values()) if (o.stream) lines.push(...contentText(o.stream.toString('latin1')));
		pages.push(lines);
	}
	return { pageCount: pageIds.length, pages };
}

/** Text from a content stream: string operands of Tj/TJ/'/"; line breaks on positioning ops. */
function contentText(cs: string): string[] {
	const lines: string[] = [];
	let cur = '';
	const flush = () => {
		if (cur.trim()) lines.push(cur.trim());
		cur = '';
	};
	const strings: string[] = [];
	let i = 0;
	while (i < cs.length) {
		const ch = cs[i];
		if (ch === '(') {
			const [s, next] = readPdfString(cs, i);
			strings.push(s);
			i = next;
			continue;
		}
		if (ch === '%') {
			while (i < cs.length && cs[i] !== '\n' && cs[i] !== '\r') i++;
			continue;
		}
		if (/[A-Za-z'"*]/.test(ch)) {
			let j = i;
			while (j < cs.length && /[A-Za-z'"*]/.test(cs[j])) j++;
			const op = cs.slice(i, j);
			if (op === 'Tj' || op === 'TJ') cur += strings.join('');
			else if (op === "'" || op === '"') {
				flush();
				cur += strings.join('');
			} else if (['Td', 'TD', 'T*', 'Tm', 'ET', 'BT'].includes(op)) flush();
			if (!(op === 'TJ' || op === 'Tj' || op === "'" || op === '"')) {
				/* other ops just drop operands */
			}
			strings.length = 0;
			i = j;
			continue;
		}
		i++;
	}
	flush();
	return lines;
}

function readPdfString(cs: string, start: number): [string, number] {
	let depth = 0;
	let out = '';
	let i = start;
	for (; i < cs.length; i++) {
		const c = cs[i];
		if (c === '\\') {
			const n = cs[++i];
			const map: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '(': '(', ')': ')', '\\': '\\' };
			if (n in map) out += map[n];
			else if (/[0-7]/.test(n)) {
				let oct = n;
				while (oct.length < 3 && /[0-7]/.test(cs[i + 1])) oct += cs[++i];
				out += String.fromCharCode(parseInt(oct, 8));
			} else if (n === '\r' || n === '\n') {
				if (n === '\r' && cs[i + 1] === '\n') i++;
			} else out += n;
			continue;
		}
		if (c === '(') {
			if (depth++ > 0) out += c;
			continue;
		}
		if (c === ')') {
			if (--depth === 0) return [out, i + 1];
			out += c;
			continue;
		}
		out += c;
	}
	return [out, i];
}

// ---------------------------------------------------------------- PNG / JPEG

function readPng(bytes: Buffer): string[] {
	const lines: string[] = [];
	let off = 8;
	while (off + 12 <= bytes.length) {
		const len = bytes.readUInt32BE(off);
		const type = bytes.subarray(off + 4, off + 8).toString('latin1');
		const data = bytes.subarray(off + 8, off + 8 + len);
		off += 12 + len;
		let kw: string | undefined;
		let text: string | undefined;
		try {
			if (type === 'tEXt') {
				const z = data.indexOf(0);
				kw = data.subarray(0, z).toString('latin1');
				text = data.subarray(z + 1).toString('latin1');
			} else if (type === 'zTXt') {
				const z = data.indexOf(0);
				kw = data.subarray(0, z).toString('latin1');
				text = inflateSync(data.subarray(z + 2)).toString('latin1');
			} else if (type === 'iTXt') {
				const z = data.indexOf(0);
				kw = data.subarray(0, z).toString('latin1');
				const compressed = data[z + 1] === 1;
				let p = z + 3;
				p = data.indexOf(0, p) + 1; // language tag
				p = data.indexOf(0, p) + 1; // translated keyword
				const raw = data.subarray(p);
				text = (compressed ? inflateSync(raw) : raw).toString('utf8');
			}
		} catch {
			/* ignore broken text chunk */
		}
		if (kw !== undefined && text !== undefined) {
			// free-text keywords carry whole lines; other keywords are `Label: value` pairs
			if (/^(comment|description|text)$/i.test(kw)) lines.push(...toLines(text));
			else lines.push(`${kw}: ${text.trim()}`);
		}
		if (type === 'IEND') break;
	}
	return lines;
}

function readJpegComments(bytes: Buffer): string[] {
	const lines: string[] = [];
	let off = 2;
	while (off + 4 <= bytes.length && bytes[off] === 0xff) {
		const marker = bytes[off + 1];
		const len = bytes.readUInt16BE(off + 2);
		if (marker === 0xfe) lines.push(...toLines(bytes.subarray(off + 4, off + 2 + len).toString('utf8')));
		if (marker === 0xda) break; // start of scan: no more headers
		off += 2 + len;
	}
	return lines;
}

// ---------------------------------------------------------------- fields

export function normLabel(s: string): string {
	return s.toLowerCase().replace(/[_\-]+/g, ' ').replace(/\s+/g, ' ').trim();
}

/** Finds `Label: value` for a field name; first match wins, in page order. */
export function findLine(facts: DocFacts, fieldName: string): { value: string; line: string; page: number } | undefined {
	const want = normLabel(fieldName);
	for (let p = 0; p < facts.pages.length; p++) {
		const hit = findInLines(facts.pages[p], want);
		if (hit) return { ...hit, page: p + 1 };
	}
	return undefined;
}

function findInLines(lines: string[], want: string): { value: string; line: string } | undefined {
	for (const line of lines) {
		const i = line.indexOf(':');
		if (i <= 0) continue;
		if (normLabel(line.slice(0, i)) === want) return { value: line.slice(i + 1).trim(), line };
	}
	return undefined;
}

export function coerce(raw: string, type: string): unknown {
	const t = type.toLowerCase();
	if (t === 'number' || t === 'integer' || t === 'float' || t === 'currency') {
		const cleaned = raw.replace(/[^0-9.,\-]/g, '').replace(/,/g, '');
		if (!cleaned || !/\d/.test(cleaned)) return null;
		const n = Number(cleaned);
		if (!Number.isFinite(n)) return null;
		return t === 'integer' ? Math.round(n) : n;
	}
	if (t === 'boolean' || t === 'bool') {
		if (/^(true|yes|y|1|x)$/i.test(raw)) return true;
		if (/^(false|no|n|0)$/i.test(raw)) return false;
		return null;
	}
	if (t === 'array') return raw.split(/[;,]/).map((s) => s.trim()).filter(Boolean);
	return raw;
}

/** Values for each field; `pageOnly` restricts the search to one page (per-page modes). */
export function extractValues(facts: DocFacts, fields: FieldSpec[], pageOnly?: number): Record<string, FoundValue> {
	const out: Record<string, FoundValue> = {};
	const view: DocFacts = pageOnly ? { ...facts, pages: [facts.pages[pageOnly - 1] ?? []] } : facts;
	for (const f of fields) {
		if (f.children && f.children.length) {
			const nested = extractValues(facts, f.children, pageOnly);
			const vals = Object.fromEntries(Object.entries(nested).map(([k, v]) => [k, v.value]));
			out[f.name] = { value: vals, line: null, page: null };
			continue;
		}
		const hit = findLine(view, f.name);
		if (!hit) out[f.name] = { value: null, line: null, page: null };
		else out[f.name] = { value: coerce(hit.value, f.type), line: hit.line, page: pageOnly ?? hit.page };
	}
	return out;
}

export function plainValues(found: Record<string, FoundValue>): Record<string, unknown> {
	return Object.fromEntries(Object.entries(found).map(([k, v]) => [k, v.value]));
}

/** Fields from a JSON Schema object (`properties`, nested objects recurse). */
export function fieldsFromJsonSchema(schema: unknown): FieldSpec[] {
	if (!schema || typeof schema !== 'object') return [];
	const props = (schema as { properties?: Record<string, unknown> }).properties;
	if (!props || typeof props !== 'object') return [];
	return Object.entries(props).map(([name, def]) => {
		const d = (def ?? {}) as { type?: unknown; properties?: unknown; anyOf?: { type?: string }[] };
		let type = Array.isArray(d.type) ? String(d.type.find((t) => t !== 'null') ?? 'string') : String(d.type ?? '');
		if (!type && Array.isArray(d.anyOf)) type = String(d.anyOf.find((x) => x.type && x.type !== 'null')?.type ?? 'string');
		if (!type) type = 'string';
		const spec: FieldSpec = { name, type };
		if (type === 'object' && d.properties) spec.children = fieldsFromJsonSchema(d);
		return spec;
	});
}

/** A document can force a failure for tests: a line `Sandbox-Fail: <message>`. */
export function forcedFailure(facts: DocFacts): string | undefined {
	return findLine(facts, 'sandbox fail')?.value;
}

/**
 * A document can set the confidence a service reports, for tests: a line
 * `Sandbox-Confidence: total=0.4, vendor=0.35` (field names as in the schema, values 0–1).
 */
export function forcedConfidence(facts: DocFacts): Record<string, number> {
	const line = findLine(facts, 'sandbox confidence')?.value ?? '';
	const out: Record<string, number> = {};
	for (const part of line.split(/[,;]/)) {
		const [name, raw] = part.split('=').map((piece) => piece?.trim());
		const value = Number(raw);
		if (name && raw && Number.isFinite(value) && value >= 0 && value <= 1) out[normLabel(name)] = value;
	}
	return out;
}
