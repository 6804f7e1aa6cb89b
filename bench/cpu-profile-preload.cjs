/* global require, process */
// Preloaded with NODE_OPTIONS=--require (Node refuses --cpu-prof there): profiles the whole
// process and writes a .cpuprofile into CPU_PROFILE_DIR when it exits.
const inspector = require('node:inspector');
const fs = require('node:fs');
const path = require('node:path');

const session = new inspector.Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.start');
process.on('exit', () => {
  session.post('Profiler.stop', (err, result) => {
    if (err) return;
    fs.mkdirSync(process.env.CPU_PROFILE_DIR, { recursive: true });
    fs.writeFileSync(path.join(process.env.CPU_PROFILE_DIR, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
  });
});
