import type { INodeProperties } from 'n8n-workflow';

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
