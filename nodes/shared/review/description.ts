import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_MIN_CONFIDENCE } from './rules';

/**
 * The node's outputs: one "main" output as always, or "Extracted" and "Needs Review" while
 * "Route Results Needing Review" is on (n8n evaluates this for the editor and the run).
 */
export const reviewOutputs: `={{${string}}}` =
	'={{ $parameter.routeResultsNeedingReview === true ? [{ "type": "main", "displayName": "Extracted" }, { "type": "main", "displayName": "Needs Review" }] : ["main"] }}';

/**
 * "Route Results Needing Review" and its rules, shown for the given resource and operations (and
 * `when`, e.g. only while "Wait for Completion" is on, for operations that return results only then).
 */
export function reviewProperties(
	resource: string,
	operations: string[],
	confidence: 'none' | 'field' | 'document',
	when: Record<string, boolean[]> = {},
): INodeProperties[] {
	const show = { resource: [resource], operation: operations, ...when };
	const confidenceNote =
		confidence === 'none'
			? ' This service reports no confidence, so this check never fires here.'
			: confidence === 'document'
				? ' The service reports one confidence per document.'
				: ' Confidence scores are asked for when this is on.';
	return [
		{
			displayName: 'Route Results Needing Review',
			name: 'routeResultsNeedingReview',
			type: 'boolean',
			default: false,
			noDataExpression: true,
			description:
				'Whether to send results a person should check (a required field empty, a low confidence, a failed or timed-out run) to a second output, Needs Review. Every item then carries review.needed and review.reasons.',
			displayOptions: { show },
		},
		{
			displayName: 'Review Rules',
			name: 'reviewRules',
			type: 'collection',
			placeholder: 'Add Rule',
			// The rules that are on unless switched off, shown with their values on a new node (a rule
			// missing from a saved node's list still counts as on, as it always did).
			default: {
				requiredFields: true,
				...(confidence === 'none' ? {} : { confidence: true, minConfidence: DEFAULT_MIN_CONFIDENCE }),
				routeFailures: true,
			},
			description: 'The rules in use. Switch a rule off to stop it; a rule not listed here is on with its default.',
			displayOptions: { show: { ...show, routeResultsNeedingReview: [true] } },
			options: [
				{
					displayName: 'Also Required',
					name: 'alsoRequired',
					type: 'string',
					default: '',
					placeholder: 'e.g. vendor, total',
					description: 'Comma-separated fields that must not be empty, on top of those the schema marks required',
				},
				{
					displayName: 'Check Confidence',
					name: 'confidence',
					type: 'boolean',
					default: true,
					description: `Whether a field read with a confidence below the minimum needs review.${confidenceNote}`,
				},
				{
					displayName: 'Check Required Fields',
					name: 'requiredFields',
					type: 'boolean',
					default: true,
					description: 'Whether a required field that is missing or empty needs review',
				},
				{
					displayName: 'Field Checks',
					name: 'fieldChecks',
					type: 'fixedCollection',
					typeOptions: { multipleValues: true },
					default: {},
					placeholder: 'Add Field Check',
					options: [
						{
							displayName: 'Check',
							name: 'check',
							values: [
						{
							displayName: 'Field',
							name: 'field',
							type: 'string',
							default: '',
							placeholder: 'e.g. total',
						},
						{
							displayName: 'Kind',
							name: 'kind',
							type: 'options',
							options: [
										{
											name: 'Date',
											value: 'date',
											description: 'The value must be a date',
										},
										{
											name: 'Matches Pattern',
											value: 'pattern',
											description: 'The value must match a regular expression',
										},
										{
											name: 'Number Range',
											value: 'range',
											description: 'The value must be a number within Min and Max',
										},
									],
							default: 'pattern',
						},
						{
							displayName: 'Max',
							name: 'max',
							type: 'number',
							default: '',
							displayOptions: { show: { kind: ['range'] } },
						},
						{
							displayName: 'Min',
							name: 'min',
							type: 'number',
							default: '',
							displayOptions: { show: { kind: ['range'] } },
						},
						{
							displayName: 'Pattern',
							name: 'pattern',
							type: 'string',
							default: '',
							placeholder: 'e.g.	^INV-\\d+$',
							displayOptions: { show: { kind: ['pattern'] } },
						},
						],
						},
					],
				},
				{
					displayName: 'Minimum Confidence',
					name: 'minConfidence',
					type: 'number',
					typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
					default: DEFAULT_MIN_CONFIDENCE,
					description: 'Confidence (0–1) below which a field needs review',
				},
				{
					displayName: 'Route Failed or Timed-Out Runs',
					name: 'routeFailures',
					type: 'boolean',
					default: true,
					description: 'Whether a failed run or a wait that timed out goes to Needs Review instead of becoming an error',
				},
			],
		},
	];
}
