#!/usr/bin/env node
// Entry point of the `nhacviec` command. TypeScript sources run through tsx's loader, so the same command works
// from a checkout (`npm start`, `npx nhacviec`) and in the container image.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);
