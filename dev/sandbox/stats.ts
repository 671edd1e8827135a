/** Request and resource accounting for GET /_sandbox/stats (benchmarks read it). */
export interface RouteStats {
	total: number;
	byStatus: Record<string, number>;
}

export interface SandboxStats {
	startedAt: string;
	totals: { requests: number; byService: Record<string, number>; byStatus: Record<string, number> };
	/** Key: `<service> <METHOD> <route pattern incl. prefix>`; status 0 = connection reset before handling. */
	routes: Record<string, RouteStats>;
	/** Flat list of the same counts, one row per service+method+route+status. */
	rows: { service: string; method: string; route: string; status: number; count: number }[];
	/** Resources created per service and kind (e.g. raydocs.sessions, perfectparser.extractions). */
	resources: Record<string, Record<string, number>>;
	/** Uploaded/submitted documents seen more than once per service (sha256 → count). */
	duplicateDocuments: Record<string, Record<string, number>>;
	storage: { puts: number; putsWithAuthorization: number; rejectedPuts: number; gets: number };
	faults: { injected: Record<string, number>; resetAfterHandling: number };
	rateLimited: Record<string, number>;
	/** Requests answered with a stored answer for their Idempotency-Key (nothing created, nothing charged). */
	idempotentReplays: Record<string, number>;
	webhooks: { attempts: number; delivered: number; failed: number; refused: number };
	credits: { perfectParserCharged: number };
}

export class Stats {
	private s!: SandboxStats;
	private rowMap!: Map<string, { service: string; method: string; route: string; status: number; count: number }>;
	private shas!: Map<string, Map<string, number>>;

	constructor() {
		this.reset();
	}

	reset(): void {
		this.s = {
			startedAt: new Date().toISOString(),
			totals: { requests: 0, byService: {}, byStatus: {} },
			routes: {},
			rows: [],
			resources: {},
			duplicateDocuments: {},
			storage: { puts: 0, putsWithAuthorization: 0, rejectedPuts: 0, gets: 0 },
			faults: { injected: {}, resetAfterHandling: 0 },
			rateLimited: {},
			idempotentReplays: {},
			webhooks: { attempts: 0, delivered: 0, failed: 0, refused: 0 },
			credits: { perfectParserCharged: 0 },
		};
		this.rowMap = new Map();
		this.shas = new Map();
	}

	request(service: string, method: string, route: string, status: number): void {
		const t = this.s.totals;
		t.requests++;
		t.byService[service] = (t.byService[service] ?? 0) + 1;
		t.byStatus[status] = (t.byStatus[status] ?? 0) + 1;
		const key = `${service} ${method} ${route}`;
		const r = (this.s.routes[key] ??= { total: 0, byStatus: {} });
		r.total++;
		r.byStatus[status] = (r.byStatus[status] ?? 0) + 1;
		const rk = `${key} ${status}`;
		const row = this.rowMap.get(rk);
		if (row) row.count++;
		else this.rowMap.set(rk, { service, method, route, status, count: 1 });
	}

	created(service: string, kind: string, n = 1): void {
		const m = (this.s.resources[service] ??= {});
		m[kind] = (m[kind] ?? 0) + n;
	}

	/** Records that a document with this sha256 was submitted for processing. */
	document(service: string, sha256: string): void {
		let m = this.shas.get(service);
		if (!m) this.shas.set(service, (m = new Map()));
		m.set(sha256, (m.get(sha256) ?? 0) + 1);
	}

	fault(kind: string): void {
		this.s.faults.injected[kind] = (this.s.faults.injected[kind] ?? 0) + 1;
		if (kind === 'reset_after') this.s.faults.resetAfterHandling++;
	}

	rateLimited(service: string): void {
		this.s.rateLimited[service] = (this.s.rateLimited[service] ?? 0) + 1;
	}

	idempotentReplay(service: string): void {
		this.s.idempotentReplays[service] = (this.s.idempotentReplays[service] ?? 0) + 1;
	}

	get raw(): SandboxStats {
		return this.s;
	}

	snapshot(): SandboxStats {
		const dup: Record<string, Record<string, number>> = {};
		for (const [svc, m] of this.shas) {
			for (const [sha, n] of m) if (n > 1) (dup[svc] ??= {})[sha] = n;
		}
		return JSON.parse(
			JSON.stringify({
				...this.s,
				rows: [...this.rowMap.values()].sort((a, b) => (a.route + a.method + a.status).localeCompare(b.route + b.method + b.status)),
				duplicateDocuments: dup,
			}),
		);
	}
}
