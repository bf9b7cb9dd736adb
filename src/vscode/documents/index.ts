// The document commands: each asks, writes through src/core/documents, and opens the result.
import type { CommandTable } from '../commands';
import { customizeTemplateCommand, generatePostmortemCommand, generateStatusMessage, newRunbook } from './commands';
import type { DocumentDeps } from './source';

export type { DocumentDeps } from './source';

export function documentCommands(deps: DocumentDeps): Pick<CommandTable, 'generateStatusMessage' | 'generatePostmortem' | 'newRunbook' | 'customizeTemplate'> {
  return {
    generateStatusMessage: { needs: ['folder', 'incident'], run: (kind) => generateStatusMessage(deps, kind) },
    generatePostmortem: { needs: ['folder', 'incident'], run: () => generatePostmortemCommand(deps) },
    newRunbook: { needs: ['folder'], run: () => newRunbook(deps) },
    customizeTemplate: { needs: ['folder'], run: (kind) => customizeTemplateCommand(deps, kind) },
  };
}
