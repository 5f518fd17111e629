/** Every namespace the document names, as patterns (`:name` marks a dynamic segment). // antimony.md § Namespaces */
export const namespaces = {
  statusMessages: "/status-messages",
  labUpdates: "/lab-updates",
  labLogs: "/logs/:labId",
  nodeLogs: "/logs/:labId/:node",
  labCommands: "/lab-commands",
  shellCommands: "/shell-commands",
  shell: "/shells/:shellId",
} as const;

/** The concrete name of a lab's log namespace. */
export const labLogsNamespace = (labId: string) => `/logs/${labId}`;
/** The concrete name of a node's log namespace. */
export const nodeLogsNamespace = (labId: string, node: string) => `/logs/${labId}/${node}`;
/** The concrete name of a shell's I/O namespace. */
export const shellNamespace = (shellId: string) => `/shells/${shellId}`;
