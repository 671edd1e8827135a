/**
 * The LlamaExtract Webhook Trigger checks deliveries with the shared delivery checks: a signed body
 * that is JSON but not an object (null, an array, a number) carries no event and is answered 400,
 * as the PerfectParser Trigger answers it, instead of failing inside the trigger.
 */
import { createHmac } from 'crypto';
import nock from 'nock';

import { LlamaExtractWebhookTrigger } from '../../../nodes/LlamaExtract/LlamaExtractWebhookTrigger.node';
import { runWebhook } from '../../../dev/harness/n8nContext';
import { fastTiming, llamaCredentials } from '../../helpers/llamaextract';

beforeAll(() => nock.disableNetConnect());
beforeEach(() => fastTiming());
afterEach(() => nock.cleanAll());

const SECRET = 'b'.repeat(64);
const sign = (raw: Buffer) => `sha256=${createHmac('sha256', SECRET).update(raw).digest('hex')}`;

test.each(['null', '[1,2]', '42'])('a signed body %s is answered 400 and starts nothing', async (text) => {
	const raw = Buffer.from(text);
	const { result, response } = await runWebhook({
		nodeType: new LlamaExtractWebhookTrigger(),
		parameters: { events: ['extract.success'] },
		credentials: llamaCredentials(),
		staticData: { 'node:LlamaExtract Webhook Trigger': { webhookConfigurationId: 'whc-1', signingSecret: SECRET } },
		request: { headers: { 'LC-Signature': sign(raw) }, rawBody: raw, body: JSON.parse(text) },
	});
	expect(response.statusCode).toBe(400);
	expect(result?.workflowData).toBeUndefined();
});
