# Pinned Hyperledger Fabric release (sourced by the network scripts).
# v2.5.0 (LTS) is the release-2.5 commit bd8e24856939 (Makefile FABRIC_VER 2.5.0, release notes up to v2.5.0).
# The proxy here refuses list/commit queries for Fabric (403 "This module version is not available."), so only a full
# pseudo-version can be fetched; v2.5.0's is the v2.5 release one that could be found and is served
# (see network-config/README.md).
FABRIC_VERSION=2.5.0
FABRIC_COMMIT=bd8e24856939
FABRIC_MODULE_VERSION=v1.4.0-rc1.0.20230401164317-bd8e24856939
