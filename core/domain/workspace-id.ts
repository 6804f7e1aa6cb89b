/**
 * A workspace's id as only a trusted source gives it: the admin API's authenticated principal,
 * a row read from the database (an integration, an order, a key holder), or a workspace just
 * created. Every repository function that reads or writes one workspace's rows takes it, so a
 * plain string (a path parameter, a body field, an id from a queue payload) cannot be passed by
 * mistake: the type checker refuses it (test/core/workspace-scoping.test.ts shows so).
 *
 * Functions that deliberately cross workspaces are named `…InAnyWorkspace` / `…AcrossWorkspaces`.
 */
export type WorkspaceId = string & { readonly __brand: 'WorkspaceId' };

/**
 * Brands an id that came from a trusted source: a `workspace_id` column just read, the principal
 * the auth layer resolved, a workflow input written from such a row. Never call it on what a
 * request says.
 */
export function trustedWorkspaceId(id: string): WorkspaceId {
  return id as WorkspaceId;
}
