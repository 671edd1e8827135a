import { workspaceListOperation } from '../workspaceList';

/** The members of a workspace. */
export const { description, execute } = workspaceListOperation('workspaceMember', 'users');
