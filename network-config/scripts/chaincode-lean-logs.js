'use strict';
/**
 * Preloaded (node --require) into every chaincode server by network.sh. fabric-shim and fabric-contract-api log
 * through winston, whose level methods format every message (timestamp, metadata, colours, padding, printf with JSON
 * of the arguments) and push it through two streams before the console transport drops it for its level: at the
 * servers' default level (warning) that is every debug/info line, several per transaction. A CPU profile of a
 * chaincode server under bench:fabric put ~15% of its main thread's time there.
 *
 * This skips a message no transport would write, before the formatting: Logger#write returns early when
 * winston's own isLevelEnabled(level) (which consults the logger's and every transport's level) says so. Warnings and
 * errors, and every level when CORE_CHAINCODE_LOGGING_LEVEL/DTL_CHAINCODE_LOGGING asks for it, are written as
 * before. DTL_CHAINCODE_LEAN_LOGS=0 leaves it out (network.sh).
 */
const { dirname } = require('node:path');

// The winston the chaincode server's fabric-shim loads (resolved from the chaincode module, the server's cwd).
const shim = require.resolve('fabric-shim', { paths: [process.cwd()] });
const { Logger } = require(require.resolve('winston', { paths: [dirname(shim)] }));

const write = Logger.prototype.write;
Logger.prototype.write = function leanWrite(info, ...rest) {
  const level = info !== null && typeof info === 'object' ? info.level : undefined;
  // Only levels this logger knows, with a configured level it knows: anything else takes winston's own path.
  const known = typeof level === 'string' && this.levels[level] !== undefined && this.levels[this.level] !== undefined;
  if (known && !this.isLevelEnabled(level)) return true;
  return write.call(this, info, ...rest);
};
