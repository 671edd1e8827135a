// n8n's own community-node lint rules (the same config `n8n-node lint` applies).
import { config } from '@n8n/node-cli/eslint';

export default config;
