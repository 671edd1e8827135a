import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { parseJsonObject } from '../shared/description/validate';

function isObject(value: unknown): value is IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Reads a template schema (`config`, `groups`, `definitions`) and checks its outline before it is sent: an object with
 * `config` and `groups`, every group an object with `fields`. Field types and the deeper rules are
 * left to Raydocs (the guide's later sections were not available), so its 422 stays the judge.
 */
export function templateSchema(ctx: IExecuteFunctions, raw: unknown, itemIndex: number, label = 'Schema (JSON)'): IDataObject {
	const schema = parseJsonObject(ctx, raw, label, itemIndex);
	const problems: string[] = [];
	if (!isObject(schema.config)) problems.push('"config" must be an object, e.g. { "reasoning_enabled": false }');
	if (!isObject(schema.groups)) {
		problems.push('"groups" must be an object of groups keyed by group name');
	} else {
		const groups = Object.entries(schema.groups);
		if (groups.length === 0) problems.push('"groups" has no group: add at least one');
		for (const [name, group] of groups) {
			if (!isObject(group) || !isObject(group.fields) || Object.keys(group.fields).length === 0) {
				problems.push(`group "${name}" needs a "fields" object with at least one field`);
			}
		}
	}
	if (problems.length) {
		throw new NodeOperationError(ctx.getNode(), `${label} is not a Raydocs template schema`, {
			itemIndex,
			description: `${problems.join('; ')}. Example: {"config": {}, "groups": {"invoice": {"fields": {"number": {"type": "string"}}}}}`,
		});
	}
	return schema;
}
