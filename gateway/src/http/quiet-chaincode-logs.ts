/** Import first: fabric-shim reads its log level when it loads; the gateway logs through pino, not the shim. */
process.env.CORE_CHAINCODE_LOGGING_LEVEL = process.env.CORE_CHAINCODE_LOGGING_LEVEL ?? 'CRITICAL';
export {};
