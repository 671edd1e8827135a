import { NodeOperationError, updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { apiPath } from '../../../shared/transport/paths';
import { raydocsRequest } from '../../transport';
import { documentIdField, workspaceId, workspaceLocator } from '../parameters';
import { readCollection, readText, requireUuidParam } from '../../../shared/description/parameters';
import { optionsCollection } from '../../../shared/description/fields';

const show = { resource: ['document'], operation: ['reparse'] };

export const description: INodeProperties[] = updateDisplayOptions({ show }, [
	workspaceLocator,
	documentIdField,
	{
		displayName: 'Config Hash',
		name: 'configHash',
		type: 'string',
		default: '',
		required: true,
		description: 'The 64-character parsing configuration fingerprint to parse with',
	},
	optionsCollection([
		{ displayName: 'Force', name: 'force', type: 'boolean', default: false, description: 'Whether to parse again even when a parsing for this hash is ready' },
		{ displayName: 'Parser Version', name: 'parserVersion', type: 'string', default: '', placeholder: 'e.g. v1' },
	]),
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const workspace = workspaceId(this, itemIndex);
	const id = requireUuidParam(this, 'documentId', 'Document', itemIndex);
	const configHash = readText(this, 'configHash', itemIndex);
	if (configHash.length !== 64) {
		throw new NodeOperationError(this.getNode(), `Config Hash must be exactly 64 characters, not ${configHash.length}`, {
			itemIndex,
			description: 'Raydocs requires the full 64-character hash (short "cfg_…" forms are not accepted here). Copy it from a result\'s config_hash or a parsing of Document → Get.',
		});
	}
	const options = readCollection(this, 'options', itemIndex);
	const body: IDataObject = { config_hash: configHash, force: options.force === true };
	if (typeof options.parserVersion === 'string' && options.parserVersion.trim()) body.parser_version = options.parserVersion.trim();
	const response = await raydocsRequest<IDataObject>(this, {
		method: 'POST',
		path: apiPath`/workspaces/${workspace}/documents/${id}/reparse`,
		body,
		subject: `Document ${id}`,
		what: 'queue the parsing',
		// Parsing is keyed by hash: asking again for the same one queues nothing new (without force).
		idempotent: options.force !== true,
		itemIndex,
	});
	// 202: parsing queued or running; 200: a parsing for this hash was already ready.
	return [{ json: { ...(response.body ?? {}), document_id: id, config_hash: configHash, queued: response.statusCode === 202 } }];
}
