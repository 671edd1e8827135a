/** Real timers for async progress, tracked so reset/close can cancel them and `advance()` can
 * run everything that is pending right now (the "complete now" admin helper). */
export class Scheduler {
	private seq = 0;
	private tasks = new Map<number, { due: number; fn: () => void; timer: NodeJS.Timeout }>();

	after(ms: number, fn: () => void): number {
		const id = ++this.seq;
		const timer = setTimeout(() => {
			this.tasks.delete(id);
			safe(fn);
		}, Math.max(0, ms));
		timer.unref?.();
		this.tasks.set(id, { due: Date.now() + ms, fn, timer });
		return id;
	}

	get pending(): number {
		return this.tasks.size;
	}

	/** Runs pending tasks immediately in due order, including tasks they schedule (bounded). */
	advance(maxSteps = 100000): number {
		let ran = 0;
		while (this.tasks.size && ran < maxSteps) {
			const [id, t] = [...this.tasks.entries()].sort((a, b) => a[1].due - b[1].due || a[0] - b[0])[0];
			clearTimeout(t.timer);
			this.tasks.delete(id);
			safe(t.fn);
			ran++;
		}
		return ran;
	}

	clear(): void {
		for (const t of this.tasks.values()) clearTimeout(t.timer);
		this.tasks.clear();
	}
}

function safe(fn: () => void): void {
	try {
		fn();
	} catch (e) {
		console.error('[sandbox] scheduled task failed:', e);
	}
}
