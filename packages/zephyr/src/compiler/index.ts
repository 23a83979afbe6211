/**
 * The compiler: a planned AST (plan.ts) becomes closures (statements, output runs, expressions, calls).
 */

export {
  codegenAllowed,
  type Factory,
  type Generated,
  generateTemplate,
  HELPERS,
  type Helpers,
  instantiate,
} from "./codegen.js";
export {
  type CompileContext,
  type Ev,
  type Ex,
  type IncludeRunner,
  type OutputMode,
  planTemplate,
  type TemplatePlan,
} from "./plan.js";
export { compileTemplate } from "./statements.js";
