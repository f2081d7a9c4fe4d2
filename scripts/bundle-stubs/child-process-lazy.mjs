// Stands in for node:child_process in sharp and detect-libc, which import it as they load, for a fallback
// (finding a libvips installed on the system, asking getconf for the C library's version) that sharp's
// prebuilt binaries never reach. Loading the module costs a cold start about 7 ms (it brings Node's net,
// dgram and stream modules); this one loads it on the first call. These three are all they call.
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
