// `npm run openapi -w @cc/node-api`: regenerates the committed openapi.json.
// A unit test fails when the committed file no longer matches the schemas.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderOpenApiJson } from './openapi';

const OPENAPI_JSON_PATH = fileURLToPath(new URL('../openapi.json', import.meta.url));

writeFileSync(OPENAPI_JSON_PATH, renderOpenApiJson());
console.log(`wrote ${OPENAPI_JSON_PATH}`);
