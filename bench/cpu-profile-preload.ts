// Preloaded with NODE_OPTIONS=--require (Node refuses --cpu-prof there): profiles the whole
// process and writes a .cpuprofile into CPU_PROFILE_DIR when it exits.
import fs from 'node:fs';
import inspector from 'node:inspector';
import path from 'node:path';

const session = new inspector.Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.start');
process.on('exit', () => {
  // An in-thread session answers synchronously, so the profile is written before the process ends.
  session.post('Profiler.stop', (err, result) => {
    const dir = process.env.CPU_PROFILE_DIR;
    if (err || !dir) return;
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
  });
});
