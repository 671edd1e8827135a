/** Fixed-window rate limiter ("window resets" wording of PerfectParser; Laravel's throttle is also a
 * fixed window). Rejected requests do not consume the budget. */
export interface RateResult {
	allowed: boolean;
	limit: number;
	remaining: number;
	/** Epoch ms when the current window ends. */
	resetAt: number;
	retryAfterSec: number;
}

export class RateLimiter {
	private windows = new Map<string, { start: number; count: number }>();

	hit(key: string, limit: number, windowMs: number, now = Date.now(), consume = true): RateResult {
		let w = this.windows.get(key);
		if (!w || now >= w.start + windowMs) {
			w = { start: now, count: 0 };
			this.windows.set(key, w);
		}
		const resetAt = w.start + windowMs;
		const retryAfterSec = Math.max(1, Math.ceil((resetAt - now) / 1000));
		if (w.count >= limit) return { allowed: false, limit, remaining: 0, resetAt, retryAfterSec };
		if (consume) w.count++;
		return { allowed: true, limit, remaining: Math.max(0, limit - w.count), resetAt, retryAfterSec };
	}

	/** Gives back one unit (used when a second bucket rejects after the first one counted). */
	refund(key: string): void {
		const w = this.windows.get(key);
		if (w && w.count > 0) w.count--;
	}

	clear(): void {
		this.windows.clear();
	}
}
