/**
 * Benchmark 4, one measurement in a fresh process: upload one big file through one service's
 * upload path and report peak RSS growth. `node` way: the file is stored in n8n's filesystem
 * binary store from a stream (never a Buffer) and the node streams it; `buffered` way: the file
 * is read whole into memory and sent in one body.
 * argv: <service raydocs|llama|pp> <node|buffered> <file> <sandbox base url>
 * Prints one JSON line: {peakGrowthBytes, baselineRss, ms, ok, error?}.
 */
import { createReadStream, readFileSync, statSync } from 'fs';

import { DEMO_IDS, DEMO_TOKENS } from '../sandbox';
import { binaryDataService, runNode } from '../harness/n8nContext';
import { LlamaCloudApi } from '../../credentials/LlamaCloudApi.credentials';
import { PerfectParserApi } from '../../credentials/PerfectParserApi.credentials';
import { RaydocsApi } from '../../credentials/RaydocsApi.credentials';
import type { INodeExecutionData } from 'n8n-workflow';
import { LlamaExtract, PerfectParser, Raydocs } from './nodes';

const [service, way, file, base] = process.argv.slice(2);
const size = statSync(file).size;
const gc = (globalThis as { gc?: () => void }).gc;

async function viaNode(): Promise<void> {
	const store = await binaryDataService();
	const stored = await store.store({ type: 'execution', workflowId: 'bench', executionId: 'bench-mem' }, createReadStream(file), {
		data: '',
		fileName: 'big.pdf',
		mimeType: 'application/pdf',
	});
	const input: INodeExecutionData[] = [{ json: {}, binary: { data: stored } }];
	gc?.();
	baseline = process.memoryUsage().rss;
	peak = baseline;
	let result;
	if (service === 'raydocs') {
		result = await runNode({
			nodeType: new Raydocs(),
			parameters: { resource: 'batch', operation: 'createSessions', template: { __rl: true, mode: 'id', value: DEMO_IDS.raydocsTemplateId }, autoExtract: false },
			credentials: { raydocsApi: { type: new RaydocsApi(), data: { accessToken: DEMO_TOKENS.raydocs, baseUrl: `${base}/raydocs` } } },
			input,
		});
	} else if (service === 'llama') {
		result = await runNode({
			nodeType: new LlamaExtract(),
			parameters: { resource: 'file', operation: 'upload' },
			credentials: {
				llamaCloudExtractApi: {
					type: new LlamaCloudApi(),
					data: { apiKey: DEMO_TOKENS.llama, region: 'custom', baseUrl: `${base}/llamacloud`, projectId: '', organizationId: '' },
				},
			},
			input,
		});
	} else {
		result = await runNode({
			nodeType: new PerfectParser(),
			parameters: {
				resource: 'extraction',
				operation: 'submit',
				parser: { __rl: true, mode: 'id', value: DEMO_IDS.perfectParserParserId },
				waitForCompletion: false,
				options: { maxFileSizeMb: 0 },
			},
			credentials: { perfectParserApi: { type: new PerfectParserApi(), data: { apiKey: DEMO_TOKENS.perfectParser, baseUrl: `${base}/perfectparser` } } },
			input,
		});
	}
	if (result.error) throw result.error;
}

/** What a hand-written client does: the whole file in memory, one request. */
async function buffered(): Promise<void> {
	gc?.();
	baseline = process.memoryUsage().rss;
	peak = baseline;
	const bytes = readFileSync(file);
	let response: Response;
	if (service === 'raydocs') {
		const signed = (await (
			await fetch(`${base}/raydocs/vapor/signed-storage-url`, {
				method: 'POST',
				headers: { Authorization: `Bearer ${DEMO_TOKENS.raydocs}`, 'Content-Type': 'application/json' },
				body: JSON.stringify({ content_type: 'application/pdf' }),
			})
		).json()) as { url: string };
		response = await fetch(signed.url, { method: 'PUT', headers: { 'Content-Type': 'application/pdf' }, body: bytes });
	} else {
		const form = new FormData();
		const blob = new Blob([bytes], { type: 'application/pdf' });
		if (service === 'llama') {
			form.append('file', blob, 'big.pdf');
			form.append('purpose', 'extract');
			response = await fetch(`${base}/llamacloud/api/v1/beta/files`, { method: 'POST', headers: { Authorization: `Bearer ${DEMO_TOKENS.llama}` }, body: form });
		} else {
			form.append('parser_id', DEMO_IDS.perfectParserParserId);
			form.append('files', blob, 'big.pdf');
			response = await fetch(`${base}/perfectparser/v1/extractions`, { method: 'POST', headers: { 'X-API-Key': DEMO_TOKENS.perfectParser }, body: form });
		}
	}
	if (!response.ok) throw new Error(`HTTP ${response.status}: ${(await response.text()).slice(0, 200)}`);
}

let baseline = process.memoryUsage().rss;
let peak = baseline;
const sampler = setInterval(() => {
	peak = Math.max(peak, process.memoryUsage().rss);
}, 10);

void (async () => {
	const started = Date.now();
	let error: string | undefined;
	try {
		await (way === 'buffered' ? buffered() : viaNode());
	} catch (e) {
		error = (e as Error).message;
	}
	peak = Math.max(peak, process.memoryUsage().rss);
	clearInterval(sampler);
	process.stdout.write(`${JSON.stringify({ peakGrowthBytes: peak - baseline, baselineRss: baseline, ms: Date.now() - started, size, ok: !error, error })}\n`);
	process.exit(0);
})();
