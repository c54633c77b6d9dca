#!/usr/bin/env node
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
// A command a signal stopped (exit code 128 + its number) leaves nothing worth waiting for: the
// byte scan of a large text file may still be reading it in the background.
if (process.exitCode >= 128) process.exit();
