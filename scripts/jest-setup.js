'use strict';
// Chaincode logging at WARNING in tests unless asked otherwise (fabric-contract-api logs each decorator at INFO).
if (!process.env.CORE_CHAINCODE_LOGGING_LEVEL) process.env.CORE_CHAINCODE_LOGGING_LEVEL = 'WARNING';
