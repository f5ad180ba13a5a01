// Copies the release build of roadmap-ls into server/roadmap-ls (bundled in the .vsix).
// ROADMAP_LS overrides the source (default: ../../target/release/roadmap-ls).
import { copyFileSync, chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
const here = dirname(dirname(fileURLToPath(import.meta.url)));
const source = resolve(process.env.ROADMAP_LS || resolve(here, '../../target/release/roadmap-ls'));
if (!existsSync(source)) {
  console.error(`roadmap-ls not found at ${source}: run \`cargo build --release\` in the repository first.`);
  process.exit(1);
}
mkdirSync(resolve(here, 'server'), { recursive: true });
const target = resolve(here, 'server/roadmap-ls');
copyFileSync(source, target);
chmodSync(target, 0o755);
console.log(`copied ${source} -> ${target}`);
