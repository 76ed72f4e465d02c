/** The KPEPs of examples/, by workspace-relative path, as the feature tests name them. */
export const K1 = 'kpeps/0001-pluggable-storage-backends/README.md';
export const K2 = 'kpeps/0002-long-polling-watch/README.md';
export const K4 = 'kpeps/0004-structured-audit-logging/README.md';
export const K5 = 'kpeps/0005-streaming-watch/README.md';
export const K6 = 'kpeps/0006-first-class-tenants/README.md';
export const K7 = 'kpeps/0007-rough-draft-quota-api/README.md';
