/** Where the node's name goes in a path: nodes of one cluster started with one setting each get their own file or directory. */
export const NODE_ID_PLACEHOLDER = '{node_id}';

export function namesNode(path: string): boolean {
  return path.includes(NODE_ID_PLACEHOLDER);
}

/** A node name that cannot be part of a path. */
export class NodePathError extends Error {
  override readonly name = 'NodePathError';
}

/** `path` with the node's name in place of every NODE_ID_PLACEHOLDER; a name that could leave the path's directory is refused. */
export function nodePath(path: string, nodeId: string): string {
  if (!namesNode(path)) return path;
  if (!/^[A-Za-z0-9_.-]+$/.test(nodeId) || nodeId === '.' || nodeId === '..') {
    throw new NodePathError(`node_id ${JSON.stringify(nodeId)} cannot be part of the path ${path}: letters, digits, '.', '_' and '-' only`);
  }
  return path.replaceAll(NODE_ID_PLACEHOLDER, nodeId);
}
