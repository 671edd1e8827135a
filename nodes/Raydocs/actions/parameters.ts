import { NodeOperationError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { idParameter, readText, requireCommaList, requireLocator, requireUuidLocator, requireUuidParam } from '../../shared/description/parameters';
import { choiceFields, inputBinaryField, listOrIdLocator, simplifyField as simplifyFieldOf } from '../../shared/description/fields';
import { serviceWaitOptions } from '../../shared/waiting/waitOptions';

/**
 * Workspace picker: searchable list, or the ID. The API types workspace IDs as integers but a few
 * of its examples show strings, so By ID takes either: digits, or a UUID-like string.
 */
export const workspaceLocator: INodeProperties = listOrIdLocator({
	displayName: 'Workspace',
	name: 'workspace',
	searchListMethod: 'searchWorkspaces',
	placeholder: 'e.g. 12',
	idValidation: [{ type: 'regex', properties: { regex: '^[A-Za-z0-9][A-Za-z0-9-]*$', errorMessage: 'Enter the workspace ID, e.g. 12' } }],
});

/** Template picker: searchable across the token's workspaces, or the UUID. */
export const templateLocator: INodeProperties = listOrIdLocator({
	displayName: 'Template',
	name: 'template',
	searchListMethod: 'searchTemplates',
	placeholder: 'e.g. 550e8400-e29b-41d4-a716-446655440000',
	description: 'The extraction template that defines the fields to extract',
});

/**
 * Raydocs has no endpoint that lists sessions, so a session is given by ID: by default the
 * session_id of the incoming item, which a Batch → Create Sessions output carries.
 */
export const sessionIdField: INodeProperties = {
	displayName: 'Session ID',
	name: 'sessionId',
	type: 'string',
	default: '={{ $json.session_id }}',
	required: true,
	placeholder: 'e.g. 770e8400-e29b-41d4-a716-446655440000',
	description:
		'Raydocs cannot list sessions, so the ID comes from the node that created the session: by default the session_id of the incoming item (a Batch → Create Sessions output). Replace it to map another field or paste an ID.',
};

export const binaryPropertyField = inputBinaryField('upload');

export const simplifyField: INodeProperties = simplifyFieldOf(
	'the IDs, status, title and extracted data instead of the full run (audit data, document references, config hash)',
);

/** Wait options of every operation that can wait for extraction to finish: 10 minutes by default. */
const raydocsWait = serviceWaitOptions(10);
export const waitFields = raydocsWait.fields;
export const waitPolicy = raydocsWait.read;

export function workspaceId(ctx: IExecuteFunctions, itemIndex: number): string {
	// The API types workspace ids as integers; some examples show strings, so any non-empty
	// value is sent as given (tolerant), only an empty one is refused here.
	return requireLocator(ctx, 'workspace', 'Workspace', itemIndex, 'Pick a workspace from the list or enter its ID.');
}

export function templateId(ctx: IExecuteFunctions, itemIndex: number): string {
	return requireUuidLocator(ctx, 'template', 'Template', itemIndex);
}

export function sessionId(ctx: IExecuteFunctions, itemIndex: number, name = 'sessionId'): string {
	return requireUuidParam(ctx, name, 'Session', itemIndex, 'a Raydocs node that outputs sessions (Batch → Create Sessions)');
}

/** User and invite IDs are integers; checked before sending. */
export function integerIdParam(ctx: IExecuteFunctions, name: string, label: string, itemIndex: number): string {
	const value = idParameter(ctx, name, label, itemIndex);
	if (!/^\d+$/.test(value)) {
		throw new NodeOperationError(ctx.getNode(), `${label} "${value}" is not a valid ID`, {
			itemIndex,
			description: `${label} IDs are whole numbers, e.g. 5. Map the "id" field from the node that listed them.`,
		});
	}
	return value;
}

export const WORKSPACE_ROLES = ['admin', 'user', 'readonly'];

export const roleField: INodeProperties = {
	displayName: 'Role',
	name: 'role',
	type: 'options',
	options: [
		{ name: 'Admin', value: 'admin', description: 'Full access, including settings and members' },
		{ name: 'Read Only', value: 'readonly', description: 'View only' },
		{ name: 'User', value: 'user', description: 'Create and edit templates, sessions and documents' },
	],
	default: 'user',
	required: true,
};

/** The role parameter; an expression may give anything, so it is checked before sending. */
export function roleParam(ctx: IExecuteFunctions, itemIndex: number): string {
	const role = readText(ctx, 'role', itemIndex).toLowerCase();
	if (!WORKSPACE_ROLES.includes(role)) {
		throw new NodeOperationError(ctx.getNode(), `Role "${role}" is not a Raydocs workspace role`, {
			itemIndex,
			description: `Use one of: ${WORKSPACE_ROLES.join(', ')}.`,
		});
	}
	return role;
}

/** Document picker: the workspace's documents (or the session's, where the node has no workspace). */
export const documentIdField: INodeProperties = listOrIdLocator({
	displayName: 'Document',
	name: 'documentId',
	searchListMethod: 'searchDocuments',
	placeholder: 'e.g. 880e8400-e29b-41d4-a716-446655440000',
});


/** Files From (binary or already-uploaded keys), Input Binary Field (and `binaryFields`, shown with it) and File Keys. */
export function fileSourceFields(keysDescription: string, binaryFields: INodeProperties[] = []): INodeProperties[] {
	const fileKeysField: INodeProperties = { displayName: 'File Keys', name: 'fileKeys', type: 'string', default: '', required: true, placeholder: 'e.g. tmp/abc123-invoice.pdf', description: keysDescription };
	return choiceFields({
		displayName: 'Files From',
		name: 'source',
		options: [
			{ name: 'Binary Field', value: 'binary', description: 'Upload the file each input item carries', fields: [binaryPropertyField, ...binaryFields] },
			{ name: 'File Keys', value: 'keys', description: 'Use keys of files already uploaded to Raydocs storage', fields: [fileKeysField] },
		],
	});
}

/** The File Keys parameter as a list; none given is the user's to fix. */
export function fileKeys(ctx: IExecuteFunctions, itemIndex: number): string[] {
	return requireCommaList(ctx, 'fileKeys', itemIndex, {
		message: 'No file keys given',
		description: 'Enter the keys returned by the upload (e.g. tmp/abc123), separated by commas.',
	});
}
