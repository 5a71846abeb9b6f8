#!/usr/bin/env node
// Validate a Teams app package (the zip) offline against the official manifest schema.
//
//   node manifest/validate.js build/service-desk-teams-app.zip
//
// The schema comes from the copy bundled in npm @microsoft/app-manifest (never fetched), chosen by
// the manifest's manifestVersion. Prints one JSON line {package, schema, errors}; exit code 0 when
// valid, 1 when not, 2 when the package cannot be read.
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const zlib = require("node:zlib");
const { AppManifestUtils } = require("@microsoft/app-manifest");

// Read every entry of a zip file (stored or deflated), keyed by name.
function readZip(buffer) {
  const eocd = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error("not a zip file (no end of central directory)");
  const count = buffer.readUInt16LE(eocd + 10);
  let pos = buffer.readUInt32LE(eocd + 16);
  const entries = new Map();
  for (let i = 0; i < count; i++) {
    if (buffer.readUInt32LE(pos) !== 0x02014b50) throw new Error("corrupt zip central directory");
    const method = buffer.readUInt16LE(pos + 10);
    const compressedSize = buffer.readUInt32LE(pos + 20);
    const nameLength = buffer.readUInt16LE(pos + 28);
    const extraLength = buffer.readUInt16LE(pos + 30);
    const commentLength = buffer.readUInt16LE(pos + 32);
    const localHeader = buffer.readUInt32LE(pos + 42);
    const name = buffer.toString("utf8", pos + 46, pos + 46 + nameLength);
    const dataStart =
      localHeader + 30 + buffer.readUInt16LE(localHeader + 26) + buffer.readUInt16LE(localHeader + 28);
    const data = buffer.subarray(dataStart, dataStart + compressedSize);
    if (method === 0) entries.set(name, data);
    else if (method === 8) entries.set(name, zlib.inflateRawSync(data));
    else throw new Error(`${name}: unsupported zip compression method ${method}`);
    pos += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function bundledSchemaPath(manifestVersion) {
  const packageRoot = path.dirname(require.resolve("@microsoft/app-manifest/package.json"));
  return path.join(packageRoot, "build", "json-schemas", "teams", `v${manifestVersion}`, "MicrosoftTeams.schema.json");
}

async function validatePackage(zipPath) {
  const entries = readZip(fs.readFileSync(zipPath));
  const manifestBytes = entries.get("manifest.json");
  if (!manifestBytes) return { schema: null, errors: ["manifest.json is not at the root of the package"] };
  const manifest = JSON.parse(manifestBytes.toString("utf8"));
  const schemaPath = bundledSchemaPath(manifest.manifestVersion);
  if (!fs.existsSync(schemaPath)) {
    return { schema: null, errors: [`no bundled schema for manifestVersion ${manifest.manifestVersion}`] };
  }
  // The same clean-up the library applies to the schema text before parsing it.
  const schemaText = fs.readFileSync(schemaPath, "utf8").replace(/\\a/g, "\\u0007").replace(/\\v/g, "\\u000b");
  const errors = await AppManifestUtils.validateAgainstSchema(manifest, JSON.parse(schemaText));
  const expectedUrl = `/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`;
  if (!String(manifest.$schema || "").endsWith(expectedUrl)) {
    errors.push(`$schema ${manifest.$schema} does not match manifestVersion ${manifest.manifestVersion}`);
  }
  for (const icon of Object.values(manifest.icons || {})) {
    if (!entries.has(icon)) errors.push(`icon ${icon} named in the manifest is not in the package`);
  }
  return { schema: path.relative(process.cwd(), schemaPath), errors };
}

async function main() {
  const zipPath = process.argv[2];
  if (!zipPath) {
    console.error("usage: node manifest/validate.js <app package .zip>");
    return 2;
  }
  let result;
  try {
    result = await validatePackage(zipPath);
  } catch (error) {
    console.error(`cannot read ${zipPath}: ${error.message}`);
    return 2;
  }
  console.log(JSON.stringify({ package: zipPath, ...result }));
  return result.errors.length === 0 ? 0 : 1;
}

main().then((code) => {
  process.exitCode = code;
});
