// Stands in for node:child_process in sharp and detect-libc only (scripts/bundle.mjs), which import it as
// they load for fallbacks seldom reached: sharp, to find a libvips installed on the system when building
// from source; detect-libc, to ask getconf for the C library when neither /usr/bin/ldd nor
// process.report tell it. Loading the module costs a cold start about 7 ms (it brings Node's net, dgram
// and stream modules); this one loads it on the first call. These three are all they call.
const real = () => process.getBuiltinModule('node:child_process');

export function exec(...args) {
  return real().exec(...args);
}

export function execSync(...args) {
  return real().execSync(...args);
}

export function spawnSync(...args) {
  return real().spawnSync(...args);
}

export default { exec, execSync, spawnSync };
