import { Workflow, type ICredentialType, type IDataObject, type INodeType, type INodeTypes } from 'n8n-workflow';

const nodeType = { description: { properties: [] } } as unknown as INodeType;
const workflow = new Workflow({
	id: 'wf-credential-test',
	nodes: [{ id: 'n', name: 'N', type: 'x', typeVersion: 1, position: [0, 0], parameters: {} }],
	connections: {},
	active: false,
	nodeTypes: { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) } as unknown as INodeTypes,
});

/** The baseURL of a credential's test request as n8n's credential tester computes it (expression with $credentials). */
export function credentialTestBaseUrl(credential: ICredentialType, data: IDataObject): string {
	const expression = credential.test!.request.baseURL as string;
	return String(workflow.expression.getParameterValue(expression, null, 0, 0, 'N', [], 'manual', { $credentials: data }));
}
