/**
 * The settings of an extract_v2 configuration (inline on a job, or saved), checked as LlamaCloud's
 * API declares them: each enum refuses a value it does not list, each flag takes a boolean, and the
 * combinations the API documents as unsupported are refused (Spreadsheet Mode needs agentic_plus;
 * turbo takes no parse settings). A value the service might take loosely is refused here: the
 * sandbox must never accept what LlamaCloud refuses.
 */
import type { Ctx } from '../http';
import { notFound, v422 } from './errors';
import { proj, type LlEnv } from './env';

const ENUMS: Record<string, string[]> = {
	tier: ['agentic', 'agentic_plus', 'cost_effective', 'turbo'],
	extraction_target: ['per_doc', 'per_page', 'per_table_row'],
	parse_tier: ['agentic', 'agentic_plus', 'cost_effective', 'fast'],
};
const NULLABLE = new Set(['parse_tier', 'parse_config_id', 'sheet_names', 'max_pages', 'system_prompt', 'target_pages']);
const FLAGS = ['cite_sources', 'confidence_scores', 'disable_cache', 'spreadsheet_mode'];

/** `latest`, a calendar date (YYYY-MM-DD: the release current that day) or a release name such as 2.5. */
function versionOk(v: unknown): boolean {
	if (typeof v !== 'string') return false;
	if (v === 'latest' || /^\d+\.\d+$/.test(v)) return true;
	if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
	const t = new Date(`${v}T00:00:00Z`);
	return !Number.isNaN(t.getTime()) && t.toISOString().startsWith(v);
}

/** Throws the 422 the service would answer; `loc` is where the settings sit in the request body. */
export function checkExtractSettings(p: Record<string, any>, loc: (string | number)[]): void {
	const bad = (field: string, msg: string, type: string) => {
		throw v422([{ loc: [...loc, field], msg, type, input: p[field] }]);
	};
	for (const [field, allowed] of Object.entries(ENUMS)) {
		const value = p[field];
		if (value === undefined || (value === null && NULLABLE.has(field))) continue;
		if (!allowed.includes(value)) bad(field, `Input should be ${allowed.map((a) => `'${a}'`).join(', ')}`, 'enum');
	}
	for (const field of FLAGS) if (p[field] !== undefined && typeof p[field] !== 'boolean') bad(field, 'Input should be a valid boolean', 'bool_type');
	if (p.version !== undefined && !versionOk(p.version)) bad('version', "Input should be 'latest', a date (YYYY-MM-DD) or a release name", 'value_error');
	if (p.parse_config_id !== undefined && p.parse_config_id !== null && (typeof p.parse_config_id !== 'string' || !p.parse_config_id)) bad('parse_config_id', 'Input should be a valid string', 'string_type');
	if (p.sheet_names !== undefined && p.sheet_names !== null && (!Array.isArray(p.sheet_names) || p.sheet_names.some((n: unknown) => typeof n !== 'string'))) {
		bad('sheet_names', 'Input should be a valid list of strings', 'list_type');
	}
	const tier = p.tier ?? 'cost_effective';
	if (p.spreadsheet_mode === true && tier !== 'agentic_plus') bad('spreadsheet_mode', 'Spreadsheet mode requires the agentic_plus tier', 'value_error');
	if (tier === 'turbo' && (p.parse_tier || p.parse_config_id)) bad(p.parse_tier ? 'parse_tier' : 'parse_config_id', 'Turbo extract does not support parse configuration', 'value_error');
}

/** A parse_config_id names a saved parse_v2 configuration of the caller's project. */
export function checkParseConfiguration(env: LlEnv, ctx: Ctx, p: Record<string, any>): void {
	const id = p.parse_config_id;
	if (typeof id !== 'string' || !id) return;
	const c = env.st.configurations.get(id);
	if (!c || c.project_id !== proj(ctx).id || c.parameters?.product_type !== 'parse_v2') throw notFound(`Parse configuration ${id}`);
}
