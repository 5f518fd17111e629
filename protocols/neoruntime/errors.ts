/**
 * The `resMsg` codes a failed action acks in `{res: false, resMsg}`. The document only says resMsg is "if fail,
 * errorMessage" (neoruntime.md § NeoRuntime/Script/Create); the codes themselves are ours (DECISIONS.md D8).
 */
export const neoruntimeErrors = {
  /** An argument has the wrong type or is missing. */
  invalidArguments: "invalid_arguments",
  /** The scriptPath is a string but not `local/<name>` or `remote/<name>` (DECISIONS.md D9). */
  invalidPath: "invalid_path",
  /** Create of a script that exists (REAL-SERVERS.md: Create answers an "already exists" failure). */
  alreadyExists: "already_exists",
  /** Delete or Select of a script that does not exist. */
  notFound: "not_found",
  /** Create or Delete under `remote/` (REAL-SERVERS.md: remote scripts cannot be deleted). */
  remoteReadOnly: "remote_read_only",
  /** The server holds as many scripts as it will keep (a memory bound, DECISIONS.md D10). */
  tooManyScripts: "too_many_scripts",
} as const;

export type NeoruntimeErrorCode = (typeof neoruntimeErrors)[keyof typeof neoruntimeErrors];

export const NEORUNTIME_ERROR_CODES = Object.values(neoruntimeErrors) as [
  NeoruntimeErrorCode,
  ...NeoruntimeErrorCode[],
];

/**
 * Why `authenticate` or `authenticateToken` acked `false`. On the wire both are a bare `false` (§ Connect); the
 * reference server counts them under these codes in `volley_server_errors_total`.
 */
export const neoruntimeAuthFailures = {
  badCredentials: "bad_credentials",
  badToken: "bad_token",
} as const;
