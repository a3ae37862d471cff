// SPDX-License-Identifier: MIT
// Preloaded (node --require) into third-party tools the benchmark runs, such as `sls package`. It keeps
// them offline and records what they tried: every DNS lookup and outgoing TCP/TLS connection to a host
// other than localhost is refused with ECONNREFUSED and appended, one line per attempt, to the file named
// by WD_NET_LOG. A refused connection costs nothing, so the timing does not depend on the network.
'use strict';
const fs = require('node:fs');
const net = require('node:net');
const dns = require('node:dns');

const logFile = process.env.WD_NET_LOG;
const local = (host) => !host || host === 'localhost' || host === '127.0.0.1' || host === '::1';
const note = (what) => {
  if (logFile) try { fs.appendFileSync(logFile, `${what}\n`); } catch { /* best effort */ }
};
const refused = (host) => Object.assign(new Error(`connect ECONNREFUSED ${host} (offline benchmark)`), { code: 'ECONNREFUSED' });

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  const o = typeof args[0] === 'object' && args[0] !== null ? (Array.isArray(args[0]) ? args[0][0] : args[0]) : { port: args[0], host: args[1] };
  const host = o && (o.host || o.hostname);
  if (o && o.path) return connect.apply(this, args); // Unix sockets (IPC) stay allowed
  if (local(host)) return connect.apply(this, args);
  note(`connect ${host}:${o.port}`);
  process.nextTick(() => this.destroy(refused(host)));
  return this;
};

const lookup = dns.lookup;
dns.lookup = function guardedLookup(host, options, cb) {
  const done = typeof options === 'function' ? options : cb;
  if (local(host)) return lookup.call(this, host, options, cb);
  note(`dns ${host}`);
  process.nextTick(() => done(Object.assign(new Error(`getaddrinfo ENOTFOUND ${host} (offline benchmark)`), { code: 'ENOTFOUND' })));
  return {};
};
if (dns.promises) {
  dns.promises.lookup = async (host) => {
    if (!local(host)) { note(`dns ${host}`); throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host} (offline benchmark)`), { code: 'ENOTFOUND' }); }
    return { address: '127.0.0.1', family: 4 };
  };
}
// fetch (undici) connects through its own net.connect call, which lands in Socket#connect above.
