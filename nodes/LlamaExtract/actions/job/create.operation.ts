import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import type { MultipartPart } from '../../../shared/transport/multipart';
import { outputItems } from '../../../shared/description/router';
import { formatV1Job, waitForV1Job, type V1Job } from '../../jobs';
import { llamaJson } from '../../transport';
import { formField, llamaFile, postMultipart } from '../../upload';
import { agentId, agentLocator, binaryPropertyField, requireId, waitForCompletionField, waitPolicy } from '../parameters';
import { fileIdField } from '../file/fileById';
import { configOverrideField, jobOptions, readFormat, readOverrides } from './jobParameters';
import { choiceFields } from '../../../shared/description/fields';

const show = { resource: ['job'], operation: ['create'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	agentLocator,
	...choiceFields({
		displayName: 'File From',
		name: 'fileSource',
		options: [
			{ name: 'Binary Field', value: 'binary', description: 'Send the file the input item carries (upload and job in one call)', fields: [binaryPropertyField] },
			{ name: 'File ID', value: 'fileId', description: 'A file already uploaded to LlamaCloud', fields: [fileIdField] },
		],
	}),
	configOverrideField,
	waitForCompletionField,
	jobOptions,
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const agent = agentId(this, itemIndex);
	const overrides = readOverrides(this, itemIndex);
	const format = readFormat(this, itemIndex);
	const wait = this.getNodeParameter('waitForCompletion', itemIndex, true) as boolean;
	const policy = wait ? waitPolicy(this, itemIndex) : undefined;
	let job: V1Job;
	if (this.getNodeParameter('fileSource', itemIndex, 'binary') === 'fileId') {
		// v2 uploads answer dfl-… ids, v1 expects UUIDs; the service accepts both.
		const fileId = requireId(this, 'fileId', 'File ID', itemIndex, '550e8400-e29b-41d4-a716-446655440000');
		job = await llamaJson<V1Job>(this, {
			method: 'POST',
			path: '/api/v1/extraction/jobs',
			body: { extraction_agent_id: agent, file_id: fileId, ...overrides },
			subject: `Agent ${agent}`,
			what: 'start the extraction job',
			itemIndex,
		});
	} else {
		const file = await llamaFile(this, itemIndex, this.getNodeParameter('binaryPropertyName', itemIndex) as string);
		// One call: the multipart form carries the agent, the file and the overrides as JSON text.
		const parts: MultipartPart[] = [
			formField('extraction_agent_id', agent),
			{ name: 'file', file },
		];
		if (overrides.data_schema_override) parts.push(formField('data_schema_override', JSON.stringify(overrides.data_schema_override)));
		if (overrides.config_override) parts.push(formField('config_override', JSON.stringify(overrides.config_override)));
		job = await postMultipart<V1Job>(this, '/api/v1/extraction/jobs/file', parts, {
			itemIndex,
			what: `start the extraction job for "${file.fileName}"`,
			subject: `Agent ${agent}`,
		});
	}
	if (!policy) return outputItems(formatV1Job(job, format.simplify));
	return outputItems(await waitForV1Job(this, job.id, itemIndex, { ...format, policy }));
}
