/**
 * Development entry (`pnpm trackmap ...` at the repository root runs this with tsx).
 * pnpm runs root scripts in the root folder, so paths are resolved from where the user
 * typed the command.
 */
import { main } from "./main";

if (process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
