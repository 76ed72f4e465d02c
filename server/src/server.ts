/**
 * The KPEP language server: `node dist/server.js --stdio` for any LSP client; the VS Code client
 * starts it over IPC. This file gives the server the Node file system, git and the persisted
 * index, and puts it on the process's connection.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { BranchClaimsTracker } from './branchClaimsTracker';
import { describeError } from './errorText';
import { gitUserName } from './node/gitAuthor';
import { isIndexWorker, serveIndexScans, workerIndexScanner } from './node/indexWorkers';
import { cacheDirectoryFrom, FileIndexStore } from './node/indexStore';
import { nodeFileSystem } from './node/nodeFileSystem';
import { serveConnection } from './serveConnection';

// This bundle is also the script of the index scan's worker threads, so no second file has to ship.
if (isIndexWorker()) {
  serveIndexScans();
} else {
  const connection = createConnection(ProposedFeatures.all);
  // A promise some feature left unawaited must not end the process either; it is logged.
  process.on('unhandledRejection', (reason) => connection.console.error(`Unhandled failure: ${describeError(reason)}`));

  serveConnection(connection, {
    fileSystem: nodeFileSystem,
    branchClaims: ({ onChange }) => new BranchClaimsTracker({ onChange }),
    authorName: gitUserName,
    openStoreFor: (initializationOptions) => {
      const directory = cacheDirectoryFrom(initializationOptions);
      return directory === null
        ? undefined
        : async ({ folder, project }) => FileIndexStore.open({ directory, folderUri: folder.uri, root: project.config.root });
    },
    indexScanner: ({ directory, warn }) =>
      workerIndexScanner({
        script: __filename,
        directory,
        onWorkerFailure: (error) => warn(`An index worker thread failed (${error.message}); its KPEPs are read on the server's thread.`),
      }),
  });
}
