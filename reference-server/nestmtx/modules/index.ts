import type { ModuleName } from "../../../protocols/nestmtx/index.js";
import { authModule } from "./auth.js";
import { camerasModule } from "./cameras.js";
import { credentialsModule } from "./credentials.js";
import type { ModuleHandlers } from "./module.js";
import { usersModule } from "./users.js";

/** The one list of modules a `request` can name. */
export const modules: Readonly<Record<ModuleName, ModuleHandlers>> = {
  users: usersModule,
  cameras: camerasModule,
  credentials: credentialsModule,
  auth: authModule,
};
