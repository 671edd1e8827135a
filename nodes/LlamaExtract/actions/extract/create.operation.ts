import { NodeOperationError, updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { outputItems, type ItemOutcome } from '../../../shared/description/router';
import { locatorValue } from '../../../shared/description/parameters';
import { formatV2Job, type V2Job } from '../../jobs';
import type { V2WaitOptions } from '../../waitV2Jobs';
import { fileIdField } from '../file/fileById';
import { llamaJson } from '../../transport';
import { llamaFile, skipUploadedField, uploadOrReuse } from '../../upload';
import { binaryPropertyField, configurationLocator, exampleDataSchemaField, parseDataSchema, requireId, waitForCompletionField, waitPolicy } from '../parameters';
import { checkV2Combination, readV2Options, v2ExtractionOptions } from '../v2Options';
import { formatOptions, waitOutputOptions } from './jobParameters';
import { waitForManyV2Jobs, type V2Entry } from './waitMany';
import { wantsConfidence } from '../../review';
import { choiceFields } from '../../../shared/description/fields';

const show = { resource: ['extract'], operation: ['create'] };

/**
 * The webhook configurations LlamaCloud notifies for the job. An option, so n8n's editor asks for its
 * list only when the user adds it, not as a new node opens (a first-time user may have no
 * credential set yet then).
 */
const notifyField: INodeProperties = {
	displayName: 'Notify Webhook Configurations Names or IDs',
	name: 'webhookConfigurationIds',
	type: 'multiOptions',
	typeOptions: { loadOptionsMethod: 'getWebhookConfigurations' },
	default: [],
	description:
		'Saved webhook configurations LlamaCloud calls when this job changes state, e.g. the one a LlamaExtract Trigger with Delivery "Webhook" saved. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

/** The wait and output options, and the webhook configurations to notify. */
const createOptions: INodeProperties = {
	...waitOutputOptions,
	options: [...(waitOutputOptions.options as INodeProperties[]).filter((o) => o.name !== 'simplify'), notifyField, ...(waitOutputOptions.options as INodeProperties[]).filter((o) => o.name === 'simplify')],
};

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	...choiceFields({
		displayName: 'File From',
		name: 'fileSource',
		options: [
			{ name: 'Binary Field', value: 'binary', description: 'Upload the file the input item carries, then extract', fields: [binaryPropertyField, skipUploadedField] },
			{
				name: 'File ID',
				value: 'fileId',
				description: 'A file already uploaded to LlamaCloud (dfl-…) or a parse job (pjb-…)',
				fields: [{ ...fileIdField, description: 'A file uploaded to LlamaCloud (dfl-…), or the ID of a completed parse job (pjb-…)' }],
			},
		],
	}),
	{
		displayName: 'Schema From',
		name: 'configurationSource',
		type: 'options',
		options: [
			{ name: 'Inline JSON Schema', value: 'inline', description: 'Give the schema and options here' },
			{ name: 'Saved Configuration', value: 'saved', description: 'Use a configuration saved in LlamaCloud' },
		],
		default: 'inline',
	},
	{ ...exampleDataSchemaField, displayOptions: { show: { configurationSource: ['inline'] } } },
	{ ...configurationLocator, displayOptions: { show: { configurationSource: ['saved'] } } },
	{
		displayName: 'Extraction Options',
		name: 'extractionOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { configurationSource: ['inline'] } },
		options: v2ExtractionOptions,
	},
	// Nodes saved while Notify Webhook Configurations was a field of its own keep their choice:
	// kept, not shown, and read when Options has none.
	{ displayName: 'Notify Webhook Configurations (Saved Nodes)', name: 'webhookConfigurationIds', type: 'hidden', default: [] },
	waitForCompletionField,
	createOptions,
]);

function readWebhookConfigurationIds(ctx: IExecuteFunctions, itemIndex: number): string[] {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const raw = options.webhookConfigurationIds ?? (ctx.getNodeParameter('webhookConfigurationIds', itemIndex, []) as unknown);
	const list = Array.isArray(raw) ? raw : String(raw ?? '').split(',');
	return list.map((id) => String(id).trim()).filter((id) => id);
}

/** Everything is checked before the file is uploaded: a bad schema costs no upload. */
function readConfiguration(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const source = ctx.getNodeParameter('configurationSource', itemIndex, 'inline') as string;
	if (source === 'saved') {
		const id = locatorValue(ctx, 'configuration', itemIndex);
		if (!id) {
			throw new NodeOperationError(ctx.getNode(), 'Configuration is empty', {
				itemIndex,
				description: 'Pick a saved configuration from the list or enter its ID (cfg-…), or switch "Schema From" to Inline JSON Schema.',
			});
		}
		// A schema given beside the configuration (in workflow JSON, or by an AI agent filling
		// both) would be dropped without a word: refuse it, naming both fields.
		const inline = (ctx.getNode().parameters ?? {}).dataSchema;
		if (typeof inline === 'string' ? inline.trim() !== '' : inline !== undefined && inline !== null) {
			throw new NodeOperationError(ctx.getNode(), 'Both "Data Schema" and "Configuration" are set', {
				itemIndex,
				description: 'A job takes either an inline schema or a saved configuration, not both. Remove "Data Schema", or set "Schema From" to Inline JSON Schema and remove "Configuration".',
			});
		}
		return { configuration_id: id };
	}
	const schema = parseDataSchema(ctx, ctx.getNodeParameter('dataSchema', itemIndex, ''), 'Data Schema', itemIndex);
	// Review routing with its confidence check on asks LlamaExtract for confidence scores.
	const review = wantsConfidence(ctx, itemIndex) ? { confidence_scores: true } : {};
	const configuration = { data_schema: schema, ...readV2Options(ctx, 'extractionOptions', itemIndex), ...review };
	checkV2Combination(ctx, configuration, itemIndex);
	return { configuration };
}

interface Planned {
	itemIndex: number;
	body: IDataObject;
	options: V2WaitOptions;
	wait: boolean;
}

/** Reads and checks every setting of one item; nothing has been sent yet. */
function planItem(ctx: IExecuteFunctions, itemIndex: number): Planned {
	const configuration = readConfiguration(ctx, itemIndex);
	const format = formatOptions(ctx, itemIndex);
	const wait = ctx.getNodeParameter('waitForCompletion', itemIndex, true) as boolean;
	const webhookConfigurationIds = readWebhookConfigurationIds(ctx, itemIndex);
	return {
		itemIndex,
		body: { ...configuration, ...(webhookConfigurationIds.length ? { webhook_configuration_ids: webhookConfigurationIds } : {}) },
		options: { ...format, policy: wait ? waitPolicy(ctx, itemIndex) : { fail: false, cancelOnTimeout: false } },
		wait,
	};
}

/**
 * Starts the item's job; answers it with the name of the binary file it uploaded (undefined for a
 * file ID: the node sends the ID as given and asks nothing more).
 */
async function startJob(ctx: IExecuteFunctions, plan: Planned): Promise<{ job: V2Job; fileName?: string }> {
	const { itemIndex } = plan;
	let fileInput: string;
	let fileName: string | undefined;
	const byId = ctx.getNodeParameter('fileSource', itemIndex, 'binary') === 'fileId';
	if (byId) {
		fileInput = requireId(ctx, 'fileId', 'File ID', itemIndex, 'dfl-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee');
	} else {
		const file = await llamaFile(ctx, itemIndex, ctx.getNodeParameter('binaryPropertyName', itemIndex) as string);
		fileName = file.fileName;
		fileInput = (await uploadOrReuse(ctx, file, ctx.getNodeParameter('skipUploaded', itemIndex, true) === true)).id;
	}
	// A 404 names what may be missing: the configuration, and the file when the user gave its id.
	const configurationId = plan.body.configuration_id as string | undefined;
	const missing = [configurationId && `Configuration ${configurationId}`, byId && `file ${fileInput}`].filter((part) => part).join(' or ');
	const job = await llamaJson<V2Job>(ctx, {
		method: 'POST',
		path: '/api/v2/extract',
		body: { file_input: fileInput, ...plan.body },
		what: 'start the extraction job',
		subject: missing ? missing.charAt(0).toUpperCase() + missing.slice(1) : undefined,
		itemIndex,
		scoped: true,
	});
	return { job, fileName };
}

/**
 * Every item is uploaded and started in turn (each item's own error stays with it), then all the
 * jobs that should be waited for are waited for together: one list call per poll for up to 100
 * jobs, instead of one call per job.
 */
export async function executeBatch(this: IExecuteFunctions, itemIndexes: number[]): Promise<ItemOutcome[]> {
	const outcomes: ItemOutcome[] = [];
	const waiting: V2Entry[] = [];
	for (const itemIndex of itemIndexes) {
		try {
			const plan = planItem(this, itemIndex);
			const { job, fileName } = await startJob(this, plan);
			const options = { ...plan.options, fileName };
			if (plan.wait) waiting.push({ itemIndex, id: job.id, options });
			else outcomes.push({ itemIndex, outputs: outputItems(formatV2Job(job, options)) });
		} catch (error) {
			outcomes.push({ itemIndex, error: error as Error });
		}
	}
	return [...outcomes, ...(await waitForManyV2Jobs(this, waiting))];
}

export { v2Review as review } from '../../review';
