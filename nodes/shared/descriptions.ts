import type { INodeProperties } from 'n8n-workflow';

/** Options shared by every operation that can wait for a job to finish. */
export function waitOptions(defaultMinutes: number): INodeProperties[] {
	return [
		{
			displayName: 'Max Wait (Minutes)',
			name: 'maxWaitMinutes',
			type: 'number',
			typeOptions: { minValue: 0.05 },
			default: defaultMinutes,
			description: 'How long to wait for completion before giving up. On timeout the IDs and last status are returned (or the node fails, if set below).',
		},
		{
			displayName: 'On Timeout',
			name: 'onTimeout',
			type: 'options',
			options: [
				{
					name: 'Return IDs and Last Status',
					value: 'return',
					description: 'Output the item marked timedOut: true so nothing is lost',
				},
				{ name: 'Fail', value: 'fail', description: 'Stop with an error naming the IDs still running' },
			],
			default: 'return',
		},
	];
}

/**
 * One selector (Resource or Operation) with another default in the node's AI-tool variant.
 * n8n names the tool variant `<node>Tool` and resolves `@tool` in display options to whether the
 * node is that variant, so the regular node keeps its default and an agent's tool starts on an
 * operation it can fill in by itself (a Get, not an upload of a file only the workflow has).
 */
export function withToolDefault(property: INodeProperties, toolDefault: string): INodeProperties[] {
	const show = property.displayOptions?.show ?? {};
	return [
		{ ...property, displayOptions: { ...property.displayOptions, show: { ...show, '@tool': [false] } } },
		{ ...property, default: toolDefault, displayOptions: { ...property.displayOptions, show: { ...show, '@tool': [true] } } },
	];
}
