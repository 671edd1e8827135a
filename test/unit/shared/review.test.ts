import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';

import {
	assertListedFields,
	isDate,
	jsonSchemaFields,
	readReviewRules,
	reviewSubject,
	type ReviewRules,
	type ReviewSubject,
} from '../../../nodes/shared/review/rules';

const node = { name: 'Extract', type: 'test', typeVersion: 1, position: [0, 0], parameters: {} } as unknown as INode;

function ctxWith(reviewRules: IDataObject): IExecuteFunctions {
	return {
		getNode: () => node,
		getNodeParameter: (name: string, _index: number, fallback?: unknown) => (name === 'reviewRules' ? reviewRules : fallback),
	} as unknown as IExecuteFunctions;
}

const rules = (extra: Partial<ReviewRules> = {}): ReviewRules => ({
	requiredFields: true,
	alsoRequired: [],
	minConfidence: 0.8,
	routeFailures: true,
	checks: [],
	...extra,
});

const subject = (extra: Partial<ReviewSubject> = {}): ReviewSubject => ({
	outcome: 'completed',
	data: { invoice_number: 'INV-1', total: 120, vendor: 'Acme', invoice_date: '2024-01-15' },
	required: ['invoice_number', 'total'],
	fields: {},
	...extra,
});

describe('review rules', () => {
	it('passes a complete, confident result', () => {
		expect(reviewSubject(subject({ fields: { vendor: { confidence: 0.95 } } }), rules())).toEqual({ needed: false, reasons: [] });
	});

	it('names a required field that is empty or missing', () => {
		const review = reviewSubject(subject({ data: { invoice_number: '  ', vendor: 'Acme' } }), rules());
		expect(review).toEqual({ needed: true, reasons: ['invoice_number is empty', 'total is missing'] });
	});

	it('reads required fields inside a group by their own name, and listed ones too', () => {
		const data = { invoice: { total: null, vendor: 'Acme' } };
		const review = reviewSubject(subject({ data, required: ['invoice.total'] }), rules({ alsoRequired: ['vendor'] }));
		expect(review.reasons).toEqual(['invoice.total is empty']);
		expect(reviewSubject(subject({ data, required: [] }), rules({ alsoRequired: ['total'] })).reasons).toEqual(['total is empty']);
	});

	it('leaves required fields alone when that rule is off', () => {
		expect(reviewSubject(subject({ data: {} }), rules({ requiredFields: false })).needed).toBe(false);
	});

	it('flags a confidence below the threshold with page and source text', () => {
		const review = reviewSubject(subject({ fields: { vendor: { confidence: 0.42, page: 1, source: 'Vendor: Acme' }, total: { confidence: 0.8 } } }), rules());
		expect(review.reasons).toEqual(['vendor: confidence 0.42 < 0.80 (page 1: "Vendor: Acme")']);
		expect(reviewSubject(subject({ documentConfidence: 0.4 }), rules()).reasons).toEqual(['document: confidence 0.40 < 0.80']);
		expect(reviewSubject(subject({ documentConfidence: 0.4 }), rules({ minConfidence: undefined })).needed).toBe(false);
	});

	it('routes a failed run or a timed-out wait only when asked', () => {
		expect(reviewSubject(subject({ outcome: 'failed', detail: 'corrupted scan', data: null }), rules())).toEqual({
			needed: true,
			reasons: ['the extraction failed: corrupted scan'],
		});
		expect(reviewSubject(subject({ outcome: 'timedOut', detail: 'processing', data: null }), rules()).reasons).toEqual([
			'the extraction did not finish within the max wait (last status "processing")',
		]);
		expect(reviewSubject(subject({ outcome: 'failed', data: null }), rules({ routeFailures: false })).needed).toBe(false);
		expect(reviewSubject(subject({ outcome: 'running', data: null }), rules()).needed).toBe(false);
	});

	it('checks patterns, number ranges and dates', () => {
		const data = { invoice_number: 'X-1', total: 12000, invoice_date: '31/31/2024', vendor: 'Acme', currency: 'abc' };
		const review = reviewSubject(
			subject({ data, fields: { total: { page: 2, source: 'Total: $12,000.00' } } }),
			rules({
				checks: [
					{ field: 'invoice_number', kind: 'pattern', pattern: /^INV-/ },
					{ field: 'total', kind: 'range', min: 0, max: 10000 },
					{ field: 'invoice_date', kind: 'date' },
					{ field: 'currency', kind: 'range', min: 0 },
				],
			}),
		);
		expect(review.reasons).toEqual([
			'invoice_number: "X-1" does not match /^INV-/',
			'total: 12000 is above 10000 (page 2: "Total: $12,000.00")',
			'invoice_date: not a date ("31/31/2024")',
			'currency: not a number ("abc")',
		]);
		const fine = { invoice_number: 'INV-7', total: '50', invoice_date: '2024-02-29', vendor: 'Acme' };
		expect(
			reviewSubject(subject({ data: fine }), rules({ checks: [{ field: 'invoice_number', kind: 'pattern', pattern: /^INV-/ }, { field: 'total', kind: 'range', min: 0, max: 100 }, { field: 'invoice_date', kind: 'date' }] })).needed,
		).toBe(false);
	});

	it('tells a real date from a near miss', () => {
		expect(isDate('2024-01-15')).toBe(true);
		expect(isDate('January 15, 2024')).toBe(true);
		expect(isDate('2024-02-30')).toBe(false);
		expect(isDate('soon')).toBe(false);
		expect(isDate(20240115)).toBe(false);
	});
});

describe('reading the rules', () => {
	it('uses the defaults: required fields, confidence 0.8, failures routed', () => {
		expect(readReviewRules(ctxWith({}), 0)).toEqual({ requiredFields: true, alsoRequired: [], minConfidence: 0.8, routeFailures: true, checks: [] });
	});

	it.each([1.5, -0.1, 'high'])('refuses the threshold %p naming the field', (minConfidence) => {
		// The item is in the error's context; the router adds " [item N]" where it places the error.
		expect(() => readReviewRules(ctxWith({ minConfidence }), 3)).toThrow(expect.objectContaining({ message: expect.stringMatching(/^Minimum Confidence must be between 0 and 1, not /), context: expect.objectContaining({ itemIndex: 3 }) }));
	});

	it('refuses a pattern that is not a regular expression, naming the field', () => {
		expect(() => readReviewRules(ctxWith({ fieldChecks: { check: [{ field: 'invoice_number', kind: 'pattern', pattern: '([' }] } }), 0)).toThrow(
			'The pattern of "invoice_number" is not a valid regular expression',
		);
	});

	it('refuses a range without bounds or with min above max', () => {
		expect(() => readReviewRules(ctxWith({ fieldChecks: { check: [{ field: 'total', kind: 'range' }] } }), 0)).toThrow(/"total" has neither Min nor Max/);
		expect(() => readReviewRules(ctxWith({ fieldChecks: { check: [{ field: 'total', kind: 'range', min: 5, max: 1 }] } }), 0)).toThrow(/Min 5 above Max 1/);
	});

	it('refuses a listed field the schema does not have', () => {
		const read = readReviewRules(ctxWith({ alsoRequired: 'vendor, iban', fieldChecks: { check: [{ field: 'total', kind: 'date' }] } }), 2);
		expect(read.alsoRequired).toEqual(['vendor', 'iban']);
		expect(() => assertListedFields(node, read, ['invoice.vendor', 'invoice.total'], 2, 'template "Invoices"')).toThrow(
			'Review field "iban" is not a field of template "Invoices"',
		);
		expect(() => assertListedFields(node, read, ['vendor', 'iban', 'total'], 2, 'x')).not.toThrow();
	});

	it('reads required and known fields from a JSON Schema', () => {
		const schema = { type: 'object', required: ['total', 'address'], properties: { total: { type: 'number' }, vendor: { type: 'string' }, address: { type: 'object', required: ['city'], properties: { city: { type: 'string' } } } } };
		expect(jsonSchemaFields(schema)).toEqual({ required: ['total', 'address.city', 'address'], known: ['total', 'vendor', 'address', 'address.city'] });
	});
});

describe('results with one record per page or row', () => {
	it('checks each record on its own and the document confidence once', () => {
		const review = reviewSubject(
			subject({ data: [{ invoice_number: 'A', total: 1 }, { invoice_number: 'B', total: null }], documentConfidence: 0.5, fields: {} }),
			rules({ checks: [{ field: 'invoice_number', kind: 'pattern', pattern: /^A$/ }] }),
		);
		expect(review.reasons).toEqual(['record 2: total is empty', 'record 2: invoice_number: "B" does not match /^A$/', 'document: confidence 0.50 < 0.80']);
	});
});
