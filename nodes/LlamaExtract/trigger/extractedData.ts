import type { TriggerFlatten } from '../../shared/triggers/triggerFlatten';

/** Where a LlamaExtract trigger's job or run item carries its extracted fields: `data`, ungrouped. */
export const EXTRACTED_DATA: TriggerFlatten = { keys: ['data'], grouped: false };
