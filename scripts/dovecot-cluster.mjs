#!/usr/bin/env node
// A local mail cluster for development and tests: Dovecot 1 director + 2 backends on 127.0.0.10-12,
// Postfix on 127.0.0.13 delivering over LMTP to the director.
//   node scripts/dovecot-cluster.mjs install   install Dovecot and Postfix from Debian packages when missing (root)
//   node scripts/dovecot-cluster.mjs up        start it in a fresh run directory; writes the state file
//   node scripts/dovecot-cluster.mjs status    what each node says
//   node scripts/dovecot-cluster.mjs down      stop it by PID and remove the run directory
// Options: --state FILE (default $TMPDIR/cc-dovecot-cluster.json), --ips A,B,C (director first),
// --imap-port N, --pop-port N, --smtp-port N (default: free ports), --no-postfix (Dovecot only),
// --keep (down: keep the run directory). The cluster has no mail users: they come from the console.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { agentCommand } from './lib/cluster.mjs';
import { agentArgs, clusterStatus, downCluster, installDovecot, postfixAgentArgs, upCluster } from './lib/dovecot.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    state: { type: 'string', default: path.join(os.tmpdir(), 'cc-dovecot-cluster.json') },
    ips: { type: 'string' },
    'imap-port': { type: 'string' },
    'pop-port': { type: 'string' },
    'smtp-port': { type: 'string' },
    'no-postfix': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const stateFile = path.resolve(values.state);
const log = (line) => console.error(line);
const readState = () => {
  if (!fs.existsSync(stateFile)) throw new Error(`no cluster state at ${stateFile} (run up first)`);
  return JSON.parse(fs.readFileSync(stateFile, 'utf8'));
};
const int = (v) => (v === undefined ? undefined : Number(v));

async function main(command) {
  switch (command) {
    case 'install': {
      const problem = installDovecot({ log, postfix: true });
      if (problem) throw new Error(problem);
      console.log('Dovecot and Postfix are installed');
      return;
    }
    case 'up': {
      if (fs.existsSync(stateFile)) throw new Error(`${stateFile} exists: run down first`);
      const problem = installDovecot({ log, postfix: !values['no-postfix'] });
      if (problem) throw new Error(problem);
      const state = await upCluster({
        postfix: !values['no-postfix'],
        smtpPort: int(values['smtp-port']),
        ...(values.ips ? { ips: values.ips.split(',') } : {}),
        imapPort: int(values['imap-port']),
        popPort: int(values['pop-port']),
        stateFile,
        log,
      });
      const director = state.nodes[0];
      console.log(`up: run directory ${state.runDir}, state ${stateFile}`);
      console.log(
        `IMAP ${director.ip}:${state.imapPort}, POP3 ${director.ip}:${state.popPort}, LMTP ${director.ip}:${state.lmtpPort}`,
      );
      console.log('no mail users yet: they come from the console (configuration revisions the backend agents write)');
      for (const line of await clusterStatus(state)) console.log(line);
      // Secrets in the environment (or a file), never on the agent's command line that `ps` shows.
      console.log('node agents (put the admin token in a file, mode 0600, and add --admin-port):');
      for (const n of state.nodes) {
        const role = n.role === 'director' ? 'frontend' : 'backend';
        const { env, args } = agentCommand({ args: agentArgs(state, n) });
        const vars = Object.entries(env).map(([k, v]) => `${k}=${v}`);
        console.log(
          `  ${vars.join(' ')} CC_AGENT_TOKEN_FILE=TOKEN_FILE npx tsx apps/node-agent/src/main.ts --role=${role} --name=dovecot-${n.name} ${args.slice(3).join(' ')}`,
        );
      }
      if (state.postfix) {
        console.log(`SMTP ${state.postfix.ip}:${state.postfix.port} (Postfix; delivers over LMTP to the director)`);
        console.log(
          `  CC_AGENT_TOKEN_FILE=TOKEN_FILE npx tsx apps/node-agent/src/main.ts --role=frontend --name=postfix ${postfixAgentArgs(state).join(' ')}`,
        );
      }
      return;
    }
    case 'status':
      for (const line of await clusterStatus(readState())) console.log(line);
      return;
    case 'down': {
      await downCluster(readState(), { keep: values.keep });
      fs.rmSync(stateFile, { force: true });
      console.log('down');
      return;
    }
    default:
      throw new Error('usage: dovecot-cluster.mjs install|up|status|down [--state FILE]');
  }
}

main(positionals[0]).catch((e) => {
  console.error(`dovecot-cluster: ${e.message}`);
  process.exit(1);
});
