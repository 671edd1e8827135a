/** LlamaCloud data model: projects (one per API key), files, v1 extraction agents/jobs/runs, v2
 * extract jobs and saved configurations, plus per-job webhooks. */
import { randomUUID } from 'node:crypto';
import type { StoredBlob } from '../blobs';
import type { Core } from '../core';
import { DocFacts, extractValues, fieldsFromJsonSchema, forcedConfidence, forcedFailure, normLabel, plainValues } from '../extract';
import { nowIso } from '../http';

export const LL_DEMO = {
	apiKey: 'llx-sandbox-demo-key',
	projectId: '33333333-3333-4333-8333-333333333333',
	organizationId: '44444444-4444-4444-8444-444444444444',
	agentId: '55555555-5555-4555-8555-555555555555',
	configurationId: 'cfg-sandbox-invoice',
};

export const INVOICE_JSON_SCHEMA = {
	type: 'object',
	properties: {
		invoice_number: { type: 'string', description: 'Invoice number' },
		invoice_date: { type: 'string', description: 'Invoice date' },
		vendor: { type: 'string', description: 'Vendor name' },
		total: { type: 'number', description: 'Total amount' },
		currency: { type: 'string', description: 'Currency code' },
	},
};

export const DEFAULT_CONFIG = {
	extraction_target: 'PER_DOC',
	extraction_mode: 'PREMIUM',
	system_prompt: null,
	use_reasoning: false,
	cite_sources: false,
	citation_bbox: false,
	confidence_scores: false,
	chunk_mode: 'PAGE',
	high_resolution_mode: false,
	invalidate_cache: false,
	multimodal_fast_mode: false,
	num_pages_context: null,
	page_range: null,
	priority: null,
	parse_model: null,
	extract_model: null,
};

export interface LlProject {
	id: string;
	name: string;
	organization_id: string;
	created_at: string;
}
export interface LlFile {
	id: string;
	project_id: string;
	blob: StoredBlob;
	facts: DocFacts;
	purpose: string | null;
	external_file_id: string | null;
	legacy: boolean;
	created_at: number;
	seq: number;
}
export interface LlAgent {
	id: string;
	name: string;
	project_id: string;
	data_schema: any;
	config: any;
	custom_configuration: 'default' | null;
	created_at: number;
	updated_at: number;
}
export interface WebhookConf {
	webhook_url: string;
	webhook_headers?: Record<string, string>;
	webhook_events?: string[] | null;
	webhook_output_format?: string | null;
	/** Write-only: deliveries carry `LC-Signature: sha256=<hex HMAC-SHA256 of the raw body>`. */
	webhook_signing_secret?: string | null;
}
export interface LlJob {
	id: string;
	agent: LlAgent;
	project_id: string;
	status: 'PENDING' | 'SUCCESS' | 'ERROR' | 'PARTIAL_SUCCESS' | 'CANCELLED';
	error: string | null;
	file_id: string;
	schema: any;
	config: any;
	runId: string;
	webhooks: WebhookConf[];
}
export interface LlRun {
	id: string;
	project_id: string;
	extraction_agent_id: string;
	data_schema: any;
	config: any;
	file_id: string;
	status: 'CREATED' | 'PENDING' | 'SUCCESS' | 'ERROR';
	error: string | null;
	job_id: string;
	data: unknown;
	extraction_metadata: any;
	from_ui: boolean;
	created_at: number;
	updated_at: number;
	seq: number;
}
export interface LlV2Job {
	id: string;
	project_id: string;
	file_input: string;
	configuration_id: string | null;
	configuration: any;
	status: 'PENDING' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELLED';
	error_message: string | null;
	extract_result: unknown;
	extract_metadata: any;
	metadata: any;
	webhooks: WebhookConf[];
	created_at: number;
	updated_at: number;
	seq: number;
}
export interface LlConfiguration {
	id: string;
	project_id: string;
	name: string;
	parameters: any;
	created_at: number;
	updated_at: number;
	seq: number;
}
export interface LlWebhookConfig {
	id: string;
	project_id: string;
	webhook_url: string;
	webhook_events: string[] | null;
	webhook_headers: Record<string, string>;
	webhook_output_format: string | null;
	webhook_signing_secret: string | null;
	created_at: number;
	updated_at: number;
	seq: number;
}

export class LlState {
	projects = new Map<string, LlProject>(); // by api key
	files = new Map<string, LlFile>();
	agents = new Map<string, LlAgent>();
	jobs = new Map<string, LlJob>();
	runs = new Map<string, LlRun>();
	v2 = new Map<string, LlV2Job>();
	configurations = new Map<string, LlConfiguration>();
	webhookConfigs = new Map<string, LlWebhookConfig>();
	/** The last webhook deliveries sent (newest last, at most 200), so one can be sent again as it was. */
	sentWebhooks: Array<{ event_id: string; event_type: string; job_id: unknown; url: string; headers: Record<string, string>; body: string }> = [];
	seq = 0;

	constructor(private core: Core) {
		this.seed();
	}

	reset(): void {
		for (const m of [this.projects, this.files, this.agents, this.jobs, this.runs, this.v2, this.configurations, this.webhookConfigs]) m.clear();
		this.sentWebhooks = [];
		this.seq = 0;
		this.seed();
	}

	private seed(): void {
		this.addProject(LL_DEMO.apiKey, 'Default', LL_DEMO.projectId);
		this.addAgent(LL_DEMO.projectId, { id: LL_DEMO.agentId, name: 'invoice_agent', data_schema: INVOICE_JSON_SCHEMA, config: { extraction_mode: 'BALANCED' } });
		this.addConfiguration(LL_DEMO.projectId, { id: LL_DEMO.configurationId, name: 'Invoice configuration', parameters: { product_type: 'extract_v2', data_schema: INVOICE_JSON_SCHEMA, tier: 'cost_effective' } });
	}

	addProject(apiKey: string, name: string, id: string = randomUUID()): LlProject {
		const p = { id, name, organization_id: LL_DEMO.organizationId, created_at: nowIso() };
		this.projects.set(apiKey, p);
		return p;
	}

	addAgent(projectId: string, a: { id?: string; name: string; data_schema: any; config?: any; custom?: boolean }): LlAgent {
		const now = Date.now();
		const agent: LlAgent = {
			id: a.id ?? randomUUID(),
			name: a.name,
			project_id: projectId,
			data_schema: a.data_schema,
			config: { ...DEFAULT_CONFIG, ...(a.config ?? {}) },
			custom_configuration: a.custom ? 'default' : null,
			created_at: now,
			updated_at: now,
		};
		this.agents.set(agent.id, agent);
		return agent;
	}

	addConfiguration(projectId: string, c: { id?: string; name: string; parameters: any }): LlConfiguration {
		const now = Date.now();
		const conf = { id: c.id ?? `cfg-${randomUUID()}`, project_id: projectId, name: c.name, parameters: c.parameters, created_at: now, updated_at: now, seq: ++this.seq };
		this.configurations.set(conf.id, conf);
		return conf;
	}

	/** Data for a schema + target: object (per doc) or array (per page / per table row). */
	compute(facts: DocFacts, schema: any, target: string): { data: unknown; fieldMeta: Record<string, unknown> } {
		const fields = fieldsFromJsonSchema(schema);
		const t = String(target ?? 'PER_DOC').toUpperCase();
		if (t === 'PER_PAGE' || t === 'PER_TABLE_ROW') {
			// PER_TABLE_ROW has no table model here: one row per page is returned
			const pages = Array.from({ length: Math.max(1, facts.pageCount) }, (_, i) => extractValues(facts, fields, i + 1));
			return { data: pages.map(plainValues), fieldMeta: {} };
		}
		const found = extractValues(facts, fields);
		const fieldMeta: Record<string, unknown> = {};
		const forced = forcedConfidence(facts);
		for (const [k, v] of Object.entries(found)) {
			if (v.line) fieldMeta[k] = { citation: [{ page: v.page, matching_text: v.line }], confidence: forced[normLabel(k)] ?? 0.99, reasoning: `Read from "${v.line}".` };
		}
		return { data: plainValues(found), fieldMeta };
	}

	failureOf(facts: DocFacts): string | undefined {
		const forced = forcedFailure(facts);
		if (forced) return forced;
		return this.core.shouldFail() ? 'Extraction failed (sandbox failure injection)' : undefined;
	}
}

export function fileType(name: string): string {
	const ext = name.includes('.') ? name.split('.').pop()!.toLowerCase() : '';
	return ext || 'bin';
}
