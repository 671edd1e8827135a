import type { ILoadOptionsFunctions } from 'n8n-workflow';

/** Whether any of the texts contains the typed filter (case-insensitive); no filter matches all. */
export function matchesFilter(filter: string | undefined, ...texts: unknown[]): boolean {
	if (!filter) return true;
	const needle = filter.toLowerCase();
	return texts.some((text) => String(text ?? '').toLowerCase().includes(needle));
}

/**
 * Another parameter of the node being edited, as an id: a resource locator's value or a plain
 * string, trimmed. An expression (it cannot be resolved while editing) or nothing gives ''.
 */
export function currentId(ctx: ILoadOptionsFunctions, name: string): string {
	let raw: unknown;
	try {
		raw = ctx.getCurrentNodeParameter(name, { extractValue: true });
	} catch {
		return '';
	}
	const value = typeof raw === 'object' && raw !== null && 'value' in raw ? (raw as { value: unknown }).value : raw;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value !== 'string' || value.startsWith('=')) return '';
	return value.trim();
}

/** A short, readable label of a list entry: the parts that exist, joined with " · ". */
export function entryLabel(...parts: unknown[]): string {
	return parts
		.filter((part) => part !== undefined && part !== null && String(part).trim() !== '')
		.map((part) => String(part))
		.join(' · ');
}
