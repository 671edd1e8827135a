import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/transport/paths';
import { requireUuidList } from '../../../shared/description/parameters';
import { raydocsRequest } from '../../transport';
import { templateId, templateLocator } from '../parameters';

const show = { resource: ['batch'], operation: ['deleteSessions'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	templateLocator,
	{
		displayName: 'Session IDs',
		name: 'sessionIds',
		type: 'string',
		default: '',
		required: true,
		description: 'Sessions of this template to delete, separated by commas. This cannot be undone.',
	},
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const template = templateId(this, itemIndex);
	const sessionIds = requireUuidList(this, this.getNodeParameter('sessionIds', itemIndex), 'Session', itemIndex);
	// The docs page's example is `DELETE …/sessions/batch`, the OpenAPI operation
	// `POST …/sessions/batch/delete`; we send the OpenAPI form. A delete is safe to repeat.
	await raydocsRequest(this, {
		method: 'POST',
		path: apiPath`/extractions/templates/${template}/sessions/batch/delete`,
		body: { session_ids: sessionIds },
		subject: `Template ${template}`,
		what: `delete ${sessionIds.length} sessions`,
		idempotent: true,
		itemIndex,
	});
	return [{ json: { deleted: true, template_id: template, session_ids: sessionIds } }];
}
