/**
 * The baseline of benchmark 2: the same documents sent to Raydocs the way people wire it by hand
 * (one signed URL + PUT + single-session create + document attach + run per document, then every
 * session polled every 2 s). Plain fetch on purpose: this is the comparison, not product code.
 */
export interface NaiveDoc {
	fileName: string;
	mime: string;
	bytes: Buffer;
}

const POLL_MS = 2000;
const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

async function call<T>(method: string, url: string, token: string, body?: unknown): Promise<T> {
	const response = await fetch(url, {
		method,
		headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	if (!response.ok) throw new Error(`${method} ${url} → ${response.status} ${text.slice(0, 200)}`);
	return (text ? JSON.parse(text) : {}) as T;
}

/** Returns the final session status per document. */
export async function naiveRaydocs(baseUrl: string, token: string, templateId: string, docs: NaiveDoc[]): Promise<string[]> {
	const sessions: string[] = [];
	for (const doc of docs) {
		const signed = await call<{ key: string; url: string; headers?: Record<string, string> }>('POST', `${baseUrl}/vapor/signed-storage-url`, token, {
			content_type: doc.mime,
		});
		const put = await fetch(signed.url, { method: 'PUT', headers: { 'Content-Type': doc.mime }, body: doc.bytes });
		if (!put.ok) throw new Error(`PUT → ${put.status}`);
		const session = await call<{ id: string }>('POST', `${baseUrl}/extractions/sessions`, token, {
			extraction_template_id: templateId,
			name: doc.fileName,
		});
		await call('POST', `${baseUrl}/extractions/sessions/${session.id}/documents`, token, { key: signed.key, filename: doc.fileName });
		await call('POST', `${baseUrl}/extractions/sessions/${session.id}/results`, token);
		sessions.push(session.id);
	}
	const status = new Map<string, string>();
	while (status.size < sessions.length) {
		await sleep(POLL_MS);
		for (const id of sessions) {
			if (status.has(id)) continue;
			const session = await call<{ results?: Array<{ status: string }> }>('GET', `${baseUrl}/extractions/sessions/${id}`, token);
			const run = (session.results ?? []).find((r) => r.status === 'completed' || r.status === 'failed');
			if (run && (run.status === 'completed' || run.status === 'failed')) status.set(id, run.status);
		}
	}
	return sessions.map((id) => status.get(id) ?? 'unknown');
}
