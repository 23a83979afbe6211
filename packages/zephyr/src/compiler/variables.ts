import type { Runtime } from "../runtime.js";
import type { Span } from "../span.js";
import { isForbiddenMember } from "../values.js";
import type { CompileContext, Ev } from "./plan.js";

// ---- variables: slots when the layout knows the name, else by name ---------------------------------------------------

/** Reads a variable as an expression does: its assigned value, else the globals (strict: defined somewhere). */
export function readVar(name: string, span: Span, ctx: CompileContext): Ev {
  const slot = ctx.layout?.slotOf.get(name);
  if (ctx.layout === null) return (rt) => rt.read(name, span);
  if (name === "profile" && slot === undefined) return (rt) => rt.profileData; // never assigned: always defined
  if (isForbiddenMember(name)) return (rt) => rt.readForbidden(name, span); // never bound, never a global
  if (slot === undefined) return (rt) => rt.readGlobal(name, span);
  if (name === "profile")
    return (rt) => {
      const v = rt.slots[slot];
      return v !== undefined ? v : rt.profileData;
    };
  return (rt) => {
    const v = rt.slots[slot];
    return v !== undefined ? v : rt.readGlobal(name, span);
  };
}

/** The assigned value or the global, never an error (the root of `x.y = …`). */
export function lookupVar(name: string, ctx: CompileContext): Ev {
  const slot = ctx.layout?.slotOf.get(name);
  if (slot === undefined) return (rt) => rt.lookup(name);
  return (rt) => {
    const v = rt.slots[slot];
    return v !== undefined ? v : rt.global(name);
  };
}

/** Sets a variable (the value is never undefined: callers store null for nothing). */
export function writeVar(name: string, ctx: CompileContext): (rt: Runtime, v: unknown) => void {
  const slot = ctx.layout?.slotOf.get(name);
  if (slot === undefined) return (rt, v) => void rt.vars.set(name, v);
  return (rt, v) => {
    rt.slots[slot] = v;
  };
}

/** The variable's own value, undefined when unset (to save and restore around a lambda or comprehension). */
export function rawVar(name: string, ctx: CompileContext): Ev {
  const slot = ctx.layout?.slotOf.get(name);
  if (slot === undefined) return (rt) => rt.vars.get(name);
  return (rt) => rt.slots[slot];
}

/** Puts back what `rawVar` saved (undefined unsets the variable). */
export function restoreVar(name: string, ctx: CompileContext): (rt: Runtime, saved: unknown) => void {
  const slot = ctx.layout?.slotOf.get(name);
  if (slot === undefined)
    return (rt, saved) => void (saved === undefined ? rt.vars.delete(name) : rt.vars.set(name, saved));
  return (rt, saved) => {
    rt.slots[slot] = saved;
  };
}
