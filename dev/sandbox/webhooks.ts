/** Outgoing webhook deliveries (PerfectParser subscriptions, LlamaExtract per-job configs) and the
 * /_sandbox/sink receiver. Deliveries go to loopback hosts only; anything else is refused and
 * logged, because this sandbox must never talk to the network. */
import { request } from 'node:http';
import type { Scheduler } from './scheduler';
import type { Stats } from './stats';

export interface DeliveryAttempt {
	attempt: number;
	url: string;
	status_code: number | null;
	success: boolean;
	error: string | null;
	attempted_at: string;
}

export interface DeliveryJob {
	url: string;
	headers: Record<string, string>;
	body: string;
	/** Called after every attempt (success or failure). */
	onAttempt?: (a: DeliveryAttempt) => void;
	/** Retries use the configured delays; false = one attempt only. */
	retry?: boolean;
}

export function isLoopbackUrl(u: string): boolean {
	try {
		const url = new URL(u);
		if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
		const h = url.hostname.replace(/^\[|\]$/g, '');
		return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
	} catch {
		return false;
	}
}

export class WebhookSender {
	constructor(
		private sched: Scheduler,
		private stats: Stats,
		private delays: () => number[],
	) {}

	deliver(job: DeliveryJob, attempt = 1): Promise<DeliveryAttempt> {
		const finish = (a: DeliveryAttempt): DeliveryAttempt => {
			job.onAttempt?.(a);
			const delays = this.delays();
			if (!a.success && job.retry !== false && attempt <= delays.length && a.error !== 'refused: non-loopback URL') {
				this.sched.after(delays[attempt - 1], () => void this.deliver(job, attempt + 1));
			}
			return a;
		};
		const base = { attempt, url: job.url, attempted_at: new Date().toISOString() };
		if (!isLoopbackUrl(job.url)) {
			this.stats.raw.webhooks.refused++;
			return Promise.resolve(finish({ ...base, status_code: null, success: false, error: 'refused: non-loopback URL' }));
		}
		this.stats.raw.webhooks.attempts++;
		return new Promise((resolve) => {
			const url = new URL(job.url);
			// https to loopback is not supported by the sandbox; send plain http to the same port
			const req = request(
				{
					host: url.hostname.replace(/^\[|\]$/g, ''),
					port: url.port || 80,
					path: url.pathname + url.search,
					method: 'POST',
					headers: { ...job.headers, 'Content-Length': Buffer.byteLength(job.body) },
					timeout: 5000,
				},
				(res) => {
					res.resume();
					res.on('end', () => {
						const ok = (res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300;
						if (ok) this.stats.raw.webhooks.delivered++;
						else this.stats.raw.webhooks.failed++;
						resolve(finish({ ...base, status_code: res.statusCode ?? null, success: ok, error: ok ? null : `HTTP ${res.statusCode}` }));
					});
				},
			);
			req.on('timeout', () => req.destroy(new Error('timeout')));
			req.on('error', (e) => {
				this.stats.raw.webhooks.failed++;
				resolve(finish({ ...base, status_code: null, success: false, error: e.message }));
			});
			req.end(job.body);
		});
	}
}

export interface SinkRecord {
	seq: number;
	method: string;
	path: string;
	query: Record<string, string>;
	headers: Record<string, string | string[] | undefined>;
	body: string;
	json: unknown;
	received_at: string;
	responded_status: number;
}

/** Named webhook sinks. `?status=500` answers with that status; `?failFirst=N` fails the first N. */
export class Sinks {
	private sinks = new Map<string, SinkRecord[]>();
	private seq = 0;

	record(name: string, rec: Omit<SinkRecord, 'seq' | 'responded_status'>, q: URLSearchParams): number {
		const list = this.sinks.get(name) ?? [];
		this.sinks.set(name, list);
		const failFirst = Number(q.get('failFirst') ?? 0);
		let status = Number(q.get('status') ?? 200) || 200;
		if (list.length < failFirst) status = 500;
		list.push({ ...rec, seq: ++this.seq, responded_status: status });
		return status;
	}

	get(name: string): SinkRecord[] {
		return this.sinks.get(name) ?? [];
	}

	delete(name: string): void {
		this.sinks.delete(name);
	}

	clear(): void {
		this.sinks.clear();
	}
}
