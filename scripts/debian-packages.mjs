// Installs the Debian packages a command needs when the files they provide
// are missing: with apt-get when running as root (as CI does), otherwise it
// says what to install. Used by `npm test`, `npm run cluster` and
// `npm run screenshots`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * `needs` is a list of [file the package provides, package]. Returns
 * undefined when everything is there (or was installed), else the one line
 * that says what is missing and how to install it.
 */
export function ensureDebianPackages(command, needs) {
  const packages = needs.filter(([file]) => !existsSync(file)).map(([, pkg]) => pkg);
  if (packages.length === 0) return undefined;
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    return `${command} needs the Debian packages: ${packages.join(' ')}. Install them with:  sudo apt-get update && sudo apt-get install -y ${packages.join(' ')}`;
  }
  console.log(`Installing ${packages.join(', ')} with apt-get...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', ...packages],
  ]) {
    if (spawnSync('apt-get', args, { stdio: 'inherit', env }).status !== 0) return `apt-get could not install ${packages.join(' ')}.`;
  }
  return undefined;
}
