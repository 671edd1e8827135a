import type { IDataObject, IExecuteFunctions, INodeType } from 'n8n-workflow';

/**
 * A throwaway node for tests of the shared core: its execute() runs `send` once with the real
 * ExecuteContext and outputs what it returns, so apiRequest is exercised as a node would call it.
 */
export function probeNode(credential: string, send: (ctx: IExecuteFunctions) => Promise<IDataObject>): INodeType {
	return {
		description: {
			displayName: 'Probe',
			name: 'probe',
			group: ['transform'],
			version: 1,
			description: '',
			defaults: { name: 'Probe' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: credential, required: true }],
			properties: [],
		},
		async execute(this: IExecuteFunctions) {
			return [[{ json: await send(this) }]];
		},
	} as unknown as INodeType;
}
