// The sharing commands: the password (into SecretStorage, typed in a password box), start, stop
// and status. The work is the share session's (./shareSession.ts).
import * as vscode from 'vscode';
import type { CommandTable } from '../commands';
import { COMMAND } from '../ids';
import type { SharePassword } from './password';
import type { ShareSession } from './shareSession';

type ShareCommands = Pick<CommandTable, 'setSharingPassword' | 'showSharingStatus' | 'startSharing' | 'stopSharing'>;

/** `share` is absent when no folder is open: the registry then says a folder is needed. */
export function shareCommands(share: ShareSession | undefined, password: SharePassword): ShareCommands {
  return {
    setSharingPassword: {
      async run() {
        const value = await vscode.window.showInputBox({
          title: 'Set Sharing Password',
          prompt: 'Password of the share server (incidentRunbooks.share.url names the user). Kept in the editor’s secret storage; empty removes it.',
          password: true,
          ignoreFocusOut: true,
        });
        if (value === undefined) return;
        await password.set(value);
        await share?.restart({ byUser: true });
        void vscode.window.showInformationMessage(value ? 'Sharing password stored; it is masked everywhere.' : 'Sharing password removed.');
      },
    },
    showSharingStatus: {
      needs: ['folder'],
      async run() {
        if (!share) return;
        const kind = share.state.kind;
        const actions = kind === 'online' || kind === 'offline' || kind === 'starting' ? ['Stop Sharing'] : kind === 'off' ? ['Open Settings'] : ['Start Sharing', 'Set Sharing Password'];
        const picked = await vscode.window.showInformationMessage(share.describe(), ...actions);
        if (picked === 'Stop Sharing') await vscode.commands.executeCommand(COMMAND.stopSharing);
        else if (picked === 'Start Sharing') await vscode.commands.executeCommand(COMMAND.startSharing);
        else if (picked === 'Set Sharing Password') await vscode.commands.executeCommand(COMMAND.setSharingPassword);
        else if (picked === 'Open Settings') await vscode.commands.executeCommand('workbench.action.openSettings', 'incidentRunbooks.share');
      },
    },
    startSharing: {
      needs: ['folder', 'trust'],
      async run() {
        await share?.restart({ byUser: true });
        if (share?.state.kind === 'off') void vscode.window.showInformationMessage(share.describe());
      },
    },
    stopSharing: {
      needs: ['folder'],
      async run() {
        await share?.stop();
      },
    },
  };
}
