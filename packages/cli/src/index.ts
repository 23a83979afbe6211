export { CliError, EXIT } from "./errors.js";
export { buildProgram, main, VERSION } from "./program.js";
