/** The server's commands, called with the argument and result types the shared protocol gives each. */
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';
import type { ServerCommand, ServerCommandSignatures } from '../../server/src/protocol/kpepProtocol';

export function executeServerCommand<C extends ServerCommand>(
  client: LanguageClient,
  command: C,
  argument: ServerCommandSignatures[C]['arguments'],
): Promise<ServerCommandSignatures[C]['result']> {
  return client.sendRequest(ExecuteCommandRequest.type, { command, arguments: [argument] }) as Promise<ServerCommandSignatures[C]['result']>;
}
