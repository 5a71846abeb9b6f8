// Preloaded into the playground (node --require): it has no host option and listens on every
// interface, which would expose a chat with an unauthenticated bot to the network. Every server it
// opens on a bare port listens on 127.0.0.1 instead.
"use strict";
const net = require("node:net");

const originalListen = net.Server.prototype.listen;
net.Server.prototype.listen = function listenOnLoopback(...args) {
  if (typeof args[0] === "number" || (typeof args[0] === "string" && /^\d+$/.test(args[0]))) {
    const callback = typeof args[args.length - 1] === "function" ? args.pop() : undefined;
    return originalListen.call(this, { port: Number(args[0]), host: "127.0.0.1" }, callback);
  }
  if (args[0] && typeof args[0] === "object" && !args[0].path && !(args[0] instanceof net.Server)) {
    args[0] = { ...args[0], host: "127.0.0.1" };
  }
  return originalListen.apply(this, args);
};
