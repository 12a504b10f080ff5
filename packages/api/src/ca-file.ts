import { readFileSync } from 'node:fs';

/** Reads a PEM CA bundle (CC_NODE_CA_FILE); throws an Error that names the file and what is wrong with it. */
export function readNodeCaFile(file: string): string {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, { cause: e });
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new Error(`${file} holds no PEM certificate`);
  return pem;
}
