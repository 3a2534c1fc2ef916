/** Import first: fabric-shim / fabric-contract-api read their log level when they load; the gateway logs through pino. */
process.env.CORE_CHAINCODE_LOGGING_LEVEL = process.env.CORE_CHAINCODE_LOGGING_LEVEL || 'CRITICAL';
export {};
