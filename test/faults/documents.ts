import type { INodeExecutionData } from 'n8n-workflow';

import { expectedInvoiceFields, makeInvoicePdf, makeInvoicePng, type InvoiceSpec } from '../../dev/sandbox';
import { binaryItem } from '../../dev/harness/n8nContext';

export interface Doc {
	spec: InvoiceSpec;
	fileName: string;
	bytes: Buffer;
	mime: string;
}

/** N distinct invoices (distinct bytes, so no service de-duplicates them), PDFs and some PNGs. */
export function invoices(count: number, prefix: string): Doc[] {
	return Array.from({ length: count }, (_, i) => {
		const spec: InvoiceSpec = {
			invoiceNumber: `${prefix}-${String(i).padStart(4, '0')}`,
			date: `2024-0${1 + (i % 9)}-1${i % 10}`,
			total: 100 + i + (i % 100) / 100,
			vendor: `Vendor ${i % 17}`,
			pages: 1 + (i % 2),
		};
		const png = i % 5 === 4;
		return {
			spec,
			fileName: `${spec.invoiceNumber}.${png ? 'png' : 'pdf'}`,
			bytes: png ? makeInvoicePng(spec) : makeInvoicePdf(spec),
			mime: png ? 'image/png' : 'application/pdf',
		};
	});
}

/** Input items carrying the documents in n8n's filesystem binary store, `json.n` = position. */
export async function inputItems(docs: Doc[]): Promise<INodeExecutionData[]> {
	const items: INodeExecutionData[] = [];
	for (let n = 0; n < docs.length; n++) items.push(await binaryItem(docs[n].bytes, docs[n].fileName, docs[n].mime, { json: { n } }));
	return items;
}

export { expectedInvoiceFields };
