/**
 * The node classes for tsx. `X.node` would resolve to the codex file `X.node.json` before
 * `X.node.ts` under tsx, so the sources are required with their extension.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
export const { Raydocs } = require('../../nodes/Raydocs/Raydocs.node.ts') as typeof import('../../nodes/Raydocs/Raydocs.node');
export const { RaydocsTrigger } = require('../../nodes/Raydocs/RaydocsTrigger.node.ts') as typeof import('../../nodes/Raydocs/RaydocsTrigger.node');
export const { LlamaExtract } = require('../../nodes/LlamaExtract/LlamaExtract.node.ts') as typeof import('../../nodes/LlamaExtract/LlamaExtract.node');
export const { LlamaExtractTrigger } = require('../../nodes/LlamaExtract/LlamaExtractTrigger.node.ts') as typeof import('../../nodes/LlamaExtract/LlamaExtractTrigger.node');
export const { PerfectParser } = require('../../nodes/PerfectParser/PerfectParser.node.ts') as typeof import('../../nodes/PerfectParser/PerfectParser.node');
export const { PerfectParserTrigger } = require('../../nodes/PerfectParser/PerfectParserTrigger.node.ts') as typeof import('../../nodes/PerfectParser/PerfectParserTrigger.node');
