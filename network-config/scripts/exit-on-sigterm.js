'use strict';
// Preloaded (node --require) into a chaincode server profiled with --cpu-prof (DTL_CHAINCODE_CPU_PROF): Node writes
// the profile on a normal exit only, so network:down's SIGTERM becomes one.
process.once('SIGTERM', () => process.exit(0));
