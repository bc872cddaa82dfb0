// Prints compiler/linker flags for binding.gyp: `node find-blas.cjs cflags|libs`.
// Linux: OpenBLAS via pkg-config (Debian/Ubuntu: apt install libopenblas-dev), with fallbacks.
// macOS: Accelerate (flags are set in binding.gyp).
'use strict';
const { execSync } = require('node:child_process');
const fs = require('node:fs');

const what = process.argv[2];

function pkg(args) {
  try {
    return execSync(`pkg-config ${args} openblas`, { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    return null;
  }
}

function linuxIncludeFlags() {
  const fromPkg = pkg('--cflags-only-I');
  if (fromPkg !== null) return fromPkg;
  for (const dir of [
    '/usr/include/x86_64-linux-gnu/openblas-pthread',
    '/usr/include/aarch64-linux-gnu/openblas-pthread',
    '/usr/include/openblas',
    '/opt/OpenBLAS/include',
  ]) {
    if (fs.existsSync(`${dir}/cblas.h`)) return `-I${dir}`;
  }
  return '';
}

function linuxLibs() {
  const fromPkg = pkg('--libs');
  return fromPkg !== null && fromPkg.length > 0 ? fromPkg : '-lopenblas';
}

if (process.platform === 'darwin') {
  // the flags come from binding.gyp's mac condition
  process.exit(0);
}

switch (what) {
  case 'cflags':
    process.stdout.write(linuxIncludeFlags());
    break;
  case 'libs':
    process.stdout.write(linuxLibs());
    break;
  default:
    process.stdout.write('');
}
