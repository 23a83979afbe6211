export { buildProgram, main, VERSION } from "./program.js";
export { EXIT, CliError } from "./errors.js";
