/** The account: GET /v1/me and GET /v1/credits. */
import type { RouteDef } from '../core';
import type { Router } from '../router';
import { accountKey, type PpEnv } from './env';

/** GET /v1/me, GET /v1/credits. */
export function registerAccount(r: Router<RouteDef>, env: PpEnv): void {
	const { st } = env;
	r.add('GET', '/v1/me', {
		handler: (ctx) => {
			const a = st.accounts.get(accountKey(ctx))!;
			return { status: 200, body: { user: { user_id: a.user_id, email: a.email, name: a.name, credits_available: st.available(accountKey(ctx)), key_name: a.key_name, key_expires_at: a.key_expires_at, member_since: a.member_since } } };
		},
	});
	r.add('GET', '/v1/credits', {
		handler: (ctx) => {
			const a = st.accounts.get(accountKey(ctx))!;
			return { status: 200, body: { credits: { available: st.available(accountKey(ctx)), purchases: a.purchases.slice(0, 10) } } };
		},
	});
}
