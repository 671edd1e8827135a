import type { INodeProperties, INodePropertyOptions, INodeTypeDescription, UsableAsToolDescription } from 'n8n-workflow';

/** Where a node's AI-tool variant starts, and the ID field of that operation the model fills in. */
export interface ToolStart {
	resource: string;
	operation: string;
	/** The operation's required ID field, its default a `$fromAI(…)` expression: name → what the model is told. */
	fromAI: { name: string; description: string };
}

/** The parameters an AI tool has no use for: a tool has one output, so no review routing. */
const NOT_FOR_TOOLS = new Set(['routeResultsNeedingReview', 'reviewRules']);

function shownFor(property: INodeProperties, key: string, value: string): boolean {
	const values = property.displayOptions?.show?.[key];
	return values === undefined || values.includes(value);
}

/**
 * The AI-tool variant n8n makes of an action node (`usableAsTool`), as a replacement of its
 * properties: it starts on `start` (an operation an agent can fill in by itself, not an upload of a
 * file only the workflow has), its ID field defaults to `$fromAI(…)` so the model fills it, and
 * the review routing is left out; an action with a longer wording for agents (`toolActions` of the
 * node's resources) is described with it. The regular node's description stays one property per name,
 * so the editor lists each action once.
 */
export function toolVariant(
	properties: INodeProperties[],
	start: ToolStart,
	resources: Record<string, { toolActions: Partial<Record<string, string>> }> = {},
): UsableAsToolDescription {
	const fromAI = `={{ $fromAI('${start.fromAI.name}', '${start.fromAI.description.replace(/'/g, "\\'")}', 'string') }}`;
	const toolProperties = properties
		.filter((property) => !NOT_FOR_TOOLS.has(property.name))
		.map((property): INodeProperties => {
			if (property.name === 'resource' && property.displayOptions === undefined) return { ...property, default: start.resource };
			if (property.name === 'operation') {
				const resource = String(property.displayOptions?.show?.resource?.[0] ?? '');
				const longer = resources[resource]?.toolActions ?? {};
				const options = (property.options as INodePropertyOptions[]).map((option) => ({ ...option, action: longer[String(option.value)] ?? option.action }));
				return { ...property, options, ...(resource === start.resource ? { default: start.operation } : {}) };
			}
			if (property.name === start.fromAI.name && shownFor(property, 'resource', start.resource) && shownFor(property, 'operation', start.operation)) {
				return { ...property, default: property.type === 'resourceLocator' ? { __rl: true, mode: 'id', value: fromAI } : fromAI };
			}
			return property;
		});
	return { replacements: { properties: toolProperties } as Partial<INodeTypeDescription> };
}
