# Pinned Hyperledger Fabric release (sourced by the network scripts).
# v2.5.0 (LTS) is the release-2.5 commit bd8e24856939 (Makefile FABRIC_VER 2.5.0, release notes up to v2.5.0).
# It is the Fabric v2.5 release the Go module proxy serves here: the later v2.5.x tag commits answer
# "403 Forbidden: This module version is not available." (see network-config/README.md).
FABRIC_VERSION=2.5.0
FABRIC_COMMIT=bd8e24856939
FABRIC_MODULE_VERSION=v1.4.0-rc1.0.20230401164317-bd8e24856939
