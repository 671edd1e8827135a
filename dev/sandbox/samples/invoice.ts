/** Generators for small, valid sample invoices (PDF with Helvetica text, PNG with tEXt chunks).
 * The sandbox's extractor reads back the same `Label: value` lines, so results are predictable. */
import { deflateSync } from 'node:zlib';
import { crc32 } from '../crc32';

export interface InvoiceSpec {
	invoiceNumber: string;
	date: string;
	total: number;
	vendor: string;
	currency?: string;
	/** 1–3 is typical; any positive number works. */
	pages?: number;
	/** Extra `Label: value` lines (e.g. `Sandbox-Fail: corrupted scan` to force a failure). */
	extraLines?: string[];
	/** Labels whose lines are left out (e.g. `['Total']`), so a field comes back empty. */
	omitLabels?: string[];
}

export function formatMoney(n: number, currency = 'USD'): string {
	const sym = currency === 'EUR' ? '€' : currency === 'GBP' ? '£' : '$';
	const [i, d] = n.toFixed(2).split('.');
	return `${sym === '€' ? 'EUR ' : sym}${i.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${d}`;
}

/** Text lines per page; header fields on page 1, the total on the last page. */
export function invoicePages(spec: InvoiceSpec): string[][] {
	const n = Math.max(1, spec.pages ?? 1);
	const currency = spec.currency ?? 'USD';
	const header = [
		'INVOICE',
		`Invoice Number: ${spec.invoiceNumber}`,
		`Invoice Date: ${spec.date}`,
		`Vendor: ${spec.vendor}`,
		...(spec.extraLines ?? []),
	];
	const footer = [`Currency: ${currency}`, `Total: ${formatMoney(spec.total, currency)}`];
	const pages: string[][] = [];
	for (let p = 1; p <= n; p++) {
		const lines = p === 1 ? [...header] : [`Continued (page ${p} of ${n})`];
		if (n > 1 && p < n) lines.push(`Line items, part ${p} - services rendered`);
		if (p === n) lines.push(...footer);
		const omit = (spec.omitLabels ?? []).map((label) => label.toLowerCase());
		pages.push(lines.filter((line) => !omit.includes(line.split(':')[0].trim().toLowerCase())));
	}
	return pages;
}

function pdfEscape(s: string): string {
	// Helvetica/WinAnsi: keep to Latin-1, escape delimiters
	return s.replace(/[\\()]/g, (c) => `\\${c}`).replace(/[^\x20-\xff]/g, '?');
}

export function makeInvoicePdf(spec: InvoiceSpec): Buffer {
	const pages = invoicePages(spec);
	const objs: string[] = [];
	const n = pages.length;
	// 1 catalog, 2 pages, 3 font, then (page, content) pairs
	const kids = pages.map((_, i) => `${4 + i * 2} 0 R`).join(' ');
	objs.push('<< /Type /Catalog /Pages 2 0 R >>');
	objs.push(`<< /Type /Pages /Kids [${kids}] /Count ${n} >>`);
	objs.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
	pages.forEach((lines, i) => {
		const content =
			'BT\n/F1 12 Tf\n16 TL\n72 740 Td\n' + lines.map((l) => `(${pdfEscape(l)}) Tj\nT*`).join('\n') + '\nET\n';
		const contentBytes = Buffer.from(content, 'latin1');
		objs.push(
			`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${5 + i * 2} 0 R >>`,
		);
		objs.push(`<< /Length ${contentBytes.length} >>\nstream\n${content}endstream`);
	});
	const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
	let offset = parts[0].length;
	const offsets: number[] = [];
	objs.forEach((body, i) => {
		offsets.push(offset);
		const b = Buffer.from(`${i + 1} 0 obj\n${body}\nendobj\n`, 'latin1');
		parts.push(b);
		offset += b.length;
	});
	const xref =
		`xref\n0 ${objs.length + 1}\n0000000000 65535 f \n` +
		offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('') +
		`trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${offset}\n%%EOF\n`;
	parts.push(Buffer.from(xref, 'latin1'));
	return Buffer.concat(parts);
}

function pngChunk(type: string, data: Buffer): Buffer {
	const len = Buffer.alloc(4);
	len.writeUInt32BE(data.length);
	const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(td));
	return Buffer.concat([len, td, crc]);
}

/** A small greyscale PNG whose tEXt chunks carry the invoice lines (keyword = label). */
export function makeInvoicePng(spec: InvoiceSpec): Buffer {
	const w = 96;
	const h = 48;
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(w, 0);
	ihdr.writeUInt32BE(h, 4);
	ihdr[8] = 8; // bit depth
	ihdr[9] = 0; // greyscale
	const seed = [...spec.invoiceNumber].reduce((a, c) => a + c.charCodeAt(0), 0);
	const raw = Buffer.alloc((w + 1) * h);
	for (let y = 0; y < h; y++) {
		raw[y * (w + 1)] = 0; // filter: none
		for (let x = 0; x < w; x++) raw[y * (w + 1) + 1 + x] = (x * 3 + y * 5 + seed) & 0xff;
	}
	const text = invoicePages(spec)
		.flat()
		.filter((l) => l.includes(':'))
		.map((l) => {
			const i = l.indexOf(':');
			return pngChunk('tEXt', Buffer.from(`${l.slice(0, i).trim()}\0${l.slice(i + 1).trim()}`, 'latin1'));
		});
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		pngChunk('IHDR', ihdr),
		...text,
		pngChunk('IDAT', deflateSync(raw)),
		pngChunk('IEND', Buffer.alloc(0)),
	]);
}

/** Plain-text variant; pages separated by form feeds. */
export function makeInvoiceText(spec: InvoiceSpec): Buffer {
	return Buffer.from(invoicePages(spec).map((p) => p.join('\n')).join('\n\f\n') + '\n', 'utf8');
}

/** Expected extraction for an invoice template with fields invoice_number, invoice_date, vendor,
 * total, currency. */
export function expectedInvoiceFields(spec: InvoiceSpec): Record<string, unknown> {
	return {
		invoice_number: spec.invoiceNumber,
		invoice_date: spec.date,
		vendor: spec.vendor,
		total: Math.round(spec.total * 100) / 100,
		currency: spec.currency ?? 'USD',
	};
}
