import { workspaceListOperation } from '../workspaceList';

/** The pending invitations of a workspace. */
export const { description, execute } = workspaceListOperation('workspaceInvite', 'invites');
