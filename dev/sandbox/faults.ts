/** Fault injection. Rules match by service, method and route pattern / concrete path (globs) and
 * fire with a seeded probability, optionally skipping the first N matches or firing at most N times. */
import { Prng } from './prng';

export type FaultKind = 'status' | 'rate_limit' | 'latency' | 'reset_before' | 'reset_after' | 'slow_body';
export type FaultService = 'raydocs' | 'llamacloud' | 'perfectparser' | 'storage' | '*';

export interface FaultRule {
	kind: FaultKind;
	/** Default '*' (every service; never the /_sandbox admin endpoints). */
	service?: FaultService;
	/** HTTP method, default any. */
	method?: string;
	/** Glob against the route pattern incl. prefix, e.g. `/raydocs/extractions/sessions/:sessionId`
	 * or `/perfectparser/v1/extractions*`. `*` = anything but '/', `**` = anything. */
	route?: string;
	/** Glob against the concrete path incl. prefix, e.g. `/llamacloud/api/v2/extract/**`. */
	path?: string;
	/** Probability in [0,1]; default 1. */
	rate?: number;
	/** kind=status: 500 | 502 | 503 (any 4xx/5xx works); default 503. */
	status?: number;
	/** kind=rate_limit (and status): Retry-After seconds; default 1. */
	retryAfterSec?: number;
	/** kind=latency: added delay before handling; default 1000. */
	latencyMs?: number;
	/** kind=slow_body: the response body trickles out over this many ms; default 2000. */
	slowBodyMs?: number;
	/** Ignore the first N matching requests. */
	skip?: number;
	/** Fire at most N times. */
	times?: number;
}

export interface FaultConfig {
	rules?: FaultRule[];
	/** Re-seeds the fault PRNG when set (otherwise the sandbox seed). */
	seed?: number;
}

export interface FaultDecision {
	latencyMs: number;
	before?: { kind: 'reset' } | { kind: 'status'; status: number; retryAfterSec?: number } | { kind: 'rate_limit'; retryAfterSec: number };
	after?: { kind: 'reset' } | { kind: 'slow'; ms: number };
	fired: FaultKind[];
}

interface RuleState {
	rule: FaultRule;
	route?: RegExp;
	path?: RegExp;
	matched: number;
	fired: number;
}

export function globToRegExp(glob: string): RegExp {
	let re = '';
	for (let i = 0; i < glob.length; i++) {
		const c = glob[i];
		if (c === '*') {
			if (glob[i + 1] === '*') {
				re += '.*';
				i++;
			} else re += '[^/]*';
		} else if (c === '?') re += '[^/]';
		else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
	}
	return new RegExp(`^${re}$`);
}

export class FaultEngine {
	private rules: RuleState[] = [];
	private rng: Prng;

	constructor(private defaultSeed: number) {
		this.rng = new Prng(defaultSeed);
	}

	set(cfg: FaultConfig | undefined): void {
		const rules = cfg?.rules ?? [];
		for (const r of rules) validateRule(r);
		this.rng = new Prng(cfg?.seed ?? this.defaultSeed);
		this.rules = rules.map((rule) => ({
			rule,
			route: rule.route ? globToRegExp(rule.route) : undefined,
			path: rule.path ? globToRegExp(rule.path) : undefined,
			matched: 0,
			fired: 0,
		}));
	}

	describe(): { rules: (FaultRule & { matched: number; fired: number })[] } {
		return { rules: this.rules.map((s) => ({ ...s.rule, matched: s.matched, fired: s.fired })) };
	}

	decide(service: string, method: string, route: string, path: string): FaultDecision {
		const d: FaultDecision = { latencyMs: 0, fired: [] };
		for (const s of this.rules) {
			const r = s.rule;
			if (r.service && r.service !== '*' && r.service !== service) continue;
			if (r.method && r.method.toUpperCase() !== method) continue;
			if (s.route && !s.route.test(route)) continue;
			if (s.path && !s.path.test(path)) continue;
			s.matched++;
			if (s.matched <= (r.skip ?? 0)) continue;
			if (r.times !== undefined && s.fired >= r.times) continue;
			const roll = this.rng.next();
			if (roll >= (r.rate ?? 1)) continue;
			// one "before" outcome and one "after" outcome per request; first rule wins
			if ((r.kind === 'reset_before' || r.kind === 'status' || r.kind === 'rate_limit') && d.before) continue;
			if ((r.kind === 'reset_after' || r.kind === 'slow_body') && d.after) continue;
			s.fired++;
			d.fired.push(r.kind);
			switch (r.kind) {
				case 'latency':
					d.latencyMs += r.latencyMs ?? 1000;
					break;
				case 'reset_before':
					d.before = { kind: 'reset' };
					break;
				case 'status':
					d.before = { kind: 'status', status: r.status ?? 503, retryAfterSec: r.retryAfterSec };
					break;
				case 'rate_limit':
					d.before = { kind: 'rate_limit', retryAfterSec: r.retryAfterSec ?? 1 };
					break;
				case 'reset_after':
					d.after = { kind: 'reset' };
					break;
				case 'slow_body':
					d.after = { kind: 'slow', ms: r.slowBodyMs ?? 2000 };
					break;
			}
		}
		return d;
	}
}

const KINDS: FaultKind[] = ['status', 'rate_limit', 'latency', 'reset_before', 'reset_after', 'slow_body'];

function validateRule(r: FaultRule): void {
	if (!r || !KINDS.includes(r.kind)) throw new Error(`fault rule kind must be one of ${KINDS.join(', ')}`);
	if (r.rate !== undefined && !(r.rate >= 0 && r.rate <= 1)) throw new Error('fault rule rate must be within [0, 1]');
	if (r.status !== undefined && !(r.status >= 400 && r.status <= 599)) throw new Error('fault rule status must be 4xx/5xx');
}
