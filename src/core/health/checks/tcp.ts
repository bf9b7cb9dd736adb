// `tcp`: can we open a connection to host:port?
import { createConnection } from 'node:net';
import type { TcpCheck } from '../config';
import { describeError, down, notConfigured, type CheckContext } from '../outcome';
import type { CheckOutcome } from '../types';
import { resolveVariables } from '../variables';

export async function checkTcp(check: TcpCheck, { env, signal }: CheckContext): Promise<CheckOutcome> {
  const host = resolveVariables(check.host, env);
  const port = resolveVariables(String(check.port), env);
  const missing = [...new Set([...host.missing, ...port.missing])];
  if (missing.length) return notConfigured(missing);
  const portNumber = Number(port.value);
  if (!Number.isInteger(portNumber) || portNumber < 1 || portNumber > 65535) {
    const error = `port '${port.value}' is not a number between 1 and 65535`;
    return { status: 'unknown', summary: error, details: { host: host.value, port: port.value, error }, error };
  }
  const target = `${host.value}:${portNumber}`;
  return new Promise<CheckOutcome>((resolve, reject) => {
    const socket = createConnection({ host: host.value, port: portNumber });
    const abort = () => {
      socket.destroy();
      reject(signal.reason);
    };
    signal.addEventListener('abort', abort, { once: true });
    socket.once('connect', () => {
      signal.removeEventListener('abort', abort);
      socket.destroy();
      resolve({ status: 'ok', summary: `${target} accepts connections`, details: { host: host.value, port: portNumber } });
    });
    socket.once('error', (err) => {
      signal.removeEventListener('abort', abort);
      socket.destroy();
      const reason = describeError(err);
      resolve(down(`${target}: ${reason}`, reason, { host: host.value, port: portNumber }));
    });
  });
}
