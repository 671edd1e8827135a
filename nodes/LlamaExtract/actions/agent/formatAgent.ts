import type { IDataObject } from 'n8n-workflow';

/** An agent as users map it: Simplify drops nothing essential, only the nested config defaults. */
export function formatAgent(agent: IDataObject, simplify = false): IDataObject {
	if (!simplify) return { agent_id: agent.id, ...agent };
	return {
		agent_id: agent.id,
		name: agent.name,
		data_schema: agent.data_schema as IDataObject,
		config: agent.config as IDataObject,
		created_at: agent.created_at ?? null,
		updated_at: agent.updated_at ?? null,
	};
}
