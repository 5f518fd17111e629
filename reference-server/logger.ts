/** Server-side log lines go to stderr (or nowhere, in tests); machine output never shares that stream. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, cause?: unknown): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

export function stderrLogger(prefix: string): Logger {
  const write = (level: string, message: string) => process.stderr.write(`${level} [${prefix}] ${message}\n`);
  return {
    info: (m) => write("info ", m),
    warn: (m) => write("warn ", m),
    error: (m, cause) =>
      write("error", cause === undefined ? m : `${m}: ${cause instanceof Error ? cause.stack : String(cause)}`),
  };
}
