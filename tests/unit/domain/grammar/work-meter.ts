/**
 * Test-only: counts the characters that string searches, slices and regex scans touch while `fn` runs, so a test
 * can assert that parsing work grows linearly with the input without timing anything. Patches String.prototype
 * and RegExp.prototype for the duration of `fn` only (synchronous code).
 */
export function measureWork(fn: () => void): number {
  const { indexOf, includes, slice } = String.prototype;
  const exec = RegExp.prototype.exec;
  let work = 0;
  const proto = String.prototype as unknown as Record<string, unknown>;
  proto.indexOf = function (this: string, search: string, from?: number) {
    const start = Math.max(0, from ?? 0);
    const at = indexOf.call(this, search, from);
    work += (at < 0 ? this.length : at) - start;
    return at;
  };
  proto.includes = function (this: string, search: string, from?: number) {
    const start = Math.max(0, from ?? 0);
    const at = indexOf.call(this, search, from);
    work += (at < 0 ? this.length : at) - start;
    return at >= 0 || includes.call(this, search, from);
  };
  proto.slice = function (this: string, a?: number, b?: number) {
    const r = slice.call(this, a, b);
    work += r.length;
    return r;
  };
  RegExp.prototype.exec = function (this: RegExp, input: string) {
    const scanned = this.sticky || this.global ? this.lastIndex : 0;
    const m = exec.call(this, input);
    if (this.sticky) work += 1 + (m ? m[0].length : 0);
    else if (m) work += m.index + m[0].length - scanned + 1;
    else work += input.length - scanned + 1;
    return m;
  };
  try {
    fn();
  } finally {
    proto.indexOf = indexOf;
    proto.includes = includes;
    proto.slice = slice;
    RegExp.prototype.exec = exec;
  }
  return work;
}
