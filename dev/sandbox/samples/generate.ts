/** Regenerates the committed sample invoices and expected.json: `npx tsx dev/sandbox/samples/generate.ts` */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../extract';
import { expectedInvoiceFields, InvoiceSpec, makeInvoicePdf, makeInvoicePng } from './invoice';

export const SAMPLES: { file: string; spec: InvoiceSpec }[] = [
	{ file: 'invoice-001.pdf', spec: { invoiceNumber: 'INV-001', date: '2026-01-15', total: 1234.5, vendor: 'Acme Corp', pages: 1 } },
	{ file: 'invoice-002.pdf', spec: { invoiceNumber: 'INV-002', date: '2026-02-03', total: 98765.43, vendor: 'Globex Ltd', pages: 3 } },
	{ file: 'invoice-003.png', spec: { invoiceNumber: 'INV-003', date: '2026-03-21', total: 42, vendor: 'Initech', currency: 'EUR' } },
	{ file: 'invoice-004.pdf', spec: { invoiceNumber: 'INV-004', date: '2026-04-30', total: 15.99, vendor: 'Umbrella Inc', pages: 2 } },
	{ file: 'invoice-005.png', spec: { invoiceNumber: 'INV-005', date: '2026-05-05', total: 7500, vendor: 'Stark Industries' } },
];

function main(): void {
	const dir = __dirname;
	const expected: Record<string, unknown> = {};
	for (const s of SAMPLES) {
		const bytes = s.file.endsWith('.pdf') ? makeInvoicePdf(s.spec) : makeInvoicePng(s.spec);
		writeFileSync(join(dir, s.file), bytes);
		const facts = analyze(bytes, s.file, '');
		expected[s.file] = {
			mime: s.file.endsWith('.pdf') ? 'application/pdf' : 'image/png',
			page_count: facts.pageCount,
			sha256: createHash('sha256').update(bytes).digest('hex'),
			size: bytes.length,
			fields: expectedInvoiceFields(s.spec),
		};
	}
	writeFileSync(join(dir, 'expected.json'), JSON.stringify(expected, null, 2) + '\n');
	console.log(`wrote ${SAMPLES.length} samples to ${dir}`);
}

if (require.main === module) main();
