import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { Operation } from './router';

/** How an operation appears in its resource's Operation dropdown (its value is its key in the map). */
export interface OperationOption {
	name: string;
	/** What n8n names a new node after: short enough for the canvas. */
	action: string;
	description?: string;
	/** The longer wording the AI tool's description gives instead, where an agent needs it (e.g. that the file comes from the workflow). */
	toolAction?: string;
}

/** One operation of a resource: its implementation (description + execute) and its dropdown entry. */
export type OperationEntry = [implementation: Operation, option: OperationOption];

/** One resource: its operations by value, and the description the node spreads into its properties. */
export interface Resource<Name extends string> {
	operations: Record<Name, Operation>;
	description: INodeProperties[];
	/** operation → the tool's wording of its action, where it differs (see OperationOption.toolAction). */
	toolActions: Partial<Record<Name, string>>;
}

/**
 * A resource built from one list: each entry (value → implementation and dropdown option) gives
 * the router its handler and the Operation dropdown its option, so they cannot disagree. The
 * dropdown lists the options by name; the operations' fields follow in the order of the list.
 */
export function resource<const Name extends string>(
	name: string,
	entries: Record<Name, OperationEntry>,
	defaultOperation: NoInfer<Name>,
): Resource<Name> {
	const list = Object.entries(entries) as Array<[Name, OperationEntry]>;
	const options: INodePropertyOptions[] = list
		.map(([value, [, option]]) => ({ name: option.name, value, action: option.action, ...(option.description ? { description: option.description } : {}) }))
		.sort((a, b) => a.name.localeCompare(b.name));
	const selector: INodeProperties = {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [name] } },
		options,
		default: defaultOperation,
	};
	return {
		operations: Object.fromEntries(list.map(([value, [implementation]]) => [value, implementation])) as Record<Name, Operation>,
		description: [selector, ...list.flatMap(([, [implementation]]) => implementation.description)],
		toolActions: Object.fromEntries(list.filter(([, [, option]]) => option.toolAction).map(([value, [, option]]) => [value, option.toolAction])) as Partial<Record<Name, string>>,
	};
}

/** resource → its operation values, derived from a node's resources (as Airtable v2's node.type.ts). */
export type OperationNames<Resources extends Record<string, Resource<string>>> = {
	[R in keyof Resources]: Resources[R] extends Resource<infer Name> ? Name : never;
};

/** The router's map: resource → operation → implementation. */
export function operationMap<Resources extends Record<string, Resource<string>>>(resources: Resources): { [R in keyof Resources]: Resources[R]['operations'] } {
	return Object.fromEntries(Object.entries(resources).map(([name, entry]) => [name, entry.operations])) as { [R in keyof Resources]: Resources[R]['operations'] };
}

/** Operation values of some resources, typed against the node's map (for Flatten and review fields). */
export type OperationsOf<Map extends Record<string, string>> = { [R in keyof Map]?: Array<Map[R]> };

/**
 * The Resource dropdown from one entry per resource (name, optional description), sorted by name;
 * typed by the node's resources, so a resource missing from the dropdown, or one the node does not
 * have, does not compile.
 */
export function resourceSelector<R extends string>(entries: Record<R, { name: string; description?: string }>, defaultResource: NoInfer<R>): INodeProperties {
	const options: INodePropertyOptions[] = (Object.entries(entries) as Array<[R, { name: string; description?: string }]>)
		.map(([value, entry]) => ({ name: entry.name, value, ...(entry.description ? { description: entry.description } : {}) }))
		.sort((a, b) => a.name.localeCompare(b.name));
	return { displayName: 'Resource', name: 'resource', type: 'options', noDataExpression: true, options, default: defaultResource };
}
