/** Response headers as n8n's HTTP layer hands them back. */
export type Headers = Record<string, string | string[] | undefined>;

/** One header's value (the first, when repeated), whatever the case of its name. */
export function header(headers: Headers, name: string): string | undefined {
	const value = headers[name] ?? headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

/** The file name a Content-Disposition header gives (RFC 6266 `filename*` first), if any. */
export function fileNameFromHeaders(headers: Headers): string | undefined {
	const disposition = header(headers, 'content-disposition');
	if (!disposition) return undefined;
	const extended = /filename\*\s*=\s*(?:[\w-]+)?'[^']*'([^;]+)/i.exec(disposition);
	if (extended) {
		try {
			return decodeURIComponent(extended[1].trim().replace(/^"|"$/g, ''));
		} catch {
			// Malformed escape: fall through to the plain form.
		}
	}
	const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(disposition);
	const name = (plain?.[2] ?? plain?.[1] ?? '').trim();
	return name || undefined;
}

/** The MIME type of an answer without parameters, unless it is the meaningless octet-stream. */
export function mimeFromHeaders(headers: Headers): string | undefined {
	const type = header(headers, 'content-type')?.split(';')[0].trim().toLowerCase();
	return type && type !== 'application/octet-stream' ? type : undefined;
}
