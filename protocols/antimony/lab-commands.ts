import { z } from "zod";
import { type ErrorAck, errorAckSchema } from "./errors.js";

/** Lab command ids. // antimony.md § Lab Commands › Available Commands */
export const labCommands = {
  deploy: 0,
  destroy: 1,
  stopNode: 2,
  startNode: 3,
  restartNode: 4,
  listShells: 5,
  openShell: 6,
  closeShell: 7,
} as const;
export type LabCommand = (typeof labCommands)[keyof typeof labCommands];

const commandIds = Object.values(labCommands);

export function isLabCommand(n: number): n is LabCommand {
  return (commandIds as number[]).includes(n);
}

/** Commands that need `node`. // antimony.md § Lab Commands › Available Commands, "Requires Node" */
export const nodeCommands: readonly LabCommand[] = [
  labCommands.stopNode,
  labCommands.startNode,
  labCommands.restartNode,
  labCommands.openShell,
];

/**
 * The `data` request on `/lab-commands`. // antimony.md § Lab Commands
 * `command` is any integer here so that an unknown one can be answered 5000 rather than 5422 (REAL-SERVERS.md);
 * unknown keys are dropped, as Go's JSON decoding does. The real web client sends this object JSON-encoded.
 */
export const labCommandRequestSchema = z.object({
  labId: z.string().min(1),
  command: z.number().int(),
  node: z.string().optional(),
  shellId: z.string().optional(),
});
export type LabCommandRequest = z.infer<typeof labCommandRequestSchema>;

/** One open shell in the answer to command 5. // antimony.md § Lab Commands › Available Commands */
export const shellInfoSchema = z.object({ id: z.string(), node: z.string() });
export type ShellInfo = z.infer<typeof shellInfoSchema>;

/** The success ack of commands 0, 1, 2, 3, 4 and 7. */
export const nullAckSchema = z.object({ payload: z.null() });
/** The success ack of command 5: the user's open shells in that lab. */
export const shellListAckSchema = z.object({ payload: z.array(shellInfoSchema) });
/** The success ack of command 6: the new shell's id. */
export const shellIdAckSchema = z.object({ payload: z.string() });

export type NullAck = z.infer<typeof nullAckSchema>;
export type ShellListAck = z.infer<typeof shellListAckSchema>;
export type ShellIdAck = z.infer<typeof shellIdAckSchema>;

/** The success ack per command. // antimony.md § Lab Commands › Available Commands, "Return Value" */
export const labCommandAckSchemas = {
  [labCommands.deploy]: nullAckSchema,
  [labCommands.destroy]: nullAckSchema,
  [labCommands.stopNode]: nullAckSchema,
  [labCommands.startNode]: nullAckSchema,
  [labCommands.restartNode]: nullAckSchema,
  [labCommands.listShells]: shellListAckSchema,
  [labCommands.openShell]: shellIdAckSchema,
  [labCommands.closeShell]: nullAckSchema,
} as const satisfies Record<LabCommand, z.ZodType>;

/** Every ack one `data` request may get: one argument, a success value or an error. // antimony.md § Error Codes */
export const labCommandAckSchema = z.union([nullAckSchema, shellListAckSchema, shellIdAckSchema, errorAckSchema]);
export type LabCommandAck = NullAck | ShellListAck | ShellIdAck | ErrorAck;
