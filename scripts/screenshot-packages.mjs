// What `npm run screenshots` needs besides npm's packages: Chromium, and a
// colour emoji font, without which reactions and raised hands are drawn as
// empty boxes. Installed as `npm test` installs its programs.
import { ensureDebianPackages } from './debian-packages.mjs';

const missing = ensureDebianPackages('npm run screenshots', [
  ['/usr/lib/chromium/chromium', 'chromium'],
  ['/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf', 'fonts-noto-color-emoji'],
]);
if (missing) {
  console.error(missing);
  process.exit(1);
}
