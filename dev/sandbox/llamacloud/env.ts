/** What every LlamaCloud route file is given: the state and the sandbox core; the calling project. */
import type { Core } from '../core';
import type { Ctx } from '../http';
import type { LlProject, LlState } from './state';

export interface LlEnv {
	st: LlState;
	core: Core;
}

/** The project the request's API key belongs to (set by authenticate). */
export const proj = (ctx: Ctx) => ctx.auth as LlProject;

export const iso = (ms: number) => new Date(ms).toISOString();
