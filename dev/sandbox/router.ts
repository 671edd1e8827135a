/** Tiny path-pattern router: `/a/:id/b`. A segment is a parameter only when it starts with ':',
 * so Raydocs' literal `documents:importUrl` stays a literal segment. */
export interface RouteMatch<T> {
	route: T & { method: string; pattern: string };
	params: Record<string, string>;
}

interface Compiled<T> {
	def: T & { method: string; pattern: string };
	segs: string[];
	literals: number;
}

export class Router<T extends object> {
	private routes: Compiled<T>[] = [];

	add(method: string, pattern: string, def: T): this {
		const segs = split(pattern);
		this.routes.push({
			def: { ...def, method: method.toUpperCase(), pattern },
			segs,
			literals: segs.filter((s) => !s.startsWith(':')).length,
		});
		return this;
	}

	/** Returns the best match (most literal segments) or, when only the method differs, 'method'. */
	match(method: string, path: string): RouteMatch<T> | 'method' | undefined {
		const parts = split(path).map(safeDecode);
		let best: { c: Compiled<T>; params: Record<string, string> } | undefined;
		let pathOnly = false;
		for (const c of this.routes) {
			if (c.segs.length !== parts.length) continue;
			const params: Record<string, string> = {};
			let ok = true;
			for (let i = 0; i < parts.length; i++) {
				const s = c.segs[i];
				if (s.startsWith(':')) {
					if (!parts[i]) ok = false;
					else params[s.slice(1)] = parts[i];
				} else if (s !== parts[i]) ok = false;
				if (!ok) break;
			}
			if (!ok) continue;
			if (c.def.method !== method.toUpperCase()) {
				pathOnly = true;
				continue;
			}
			if (!best || c.literals > best.c.literals) best = { c, params };
		}
		if (best) return { route: best.c.def, params: best.params };
		return pathOnly ? 'method' : undefined;
	}
}

function split(p: string): string[] {
	return p.split('/').filter((s) => s.length > 0);
}

function safeDecode(s: string): string {
	try {
		return decodeURIComponent(s);
	} catch {
		return s;
	}
}
