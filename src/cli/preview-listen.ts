/**
 * Listening for the preview: on one host and one port, exclusively (a busy
 * port is an error that names it, never the next port), with each reason it
 * cannot said in one line with what to do.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Why the server could not listen, in one line (a busy port, a host that is not this machine's). */
export class ListenError extends Error {}

/** Why listening on `host:port` failed, and what to do, in one line. */
export function listenErrorMessage(err: NodeJS.ErrnoException, host: string, port: number): string {
  const where = `${host}:${port}`;
  if (err.code === 'EADDRINUSE') return `port ${port} on ${host} is already in use: stop what uses it, or choose another with --port N`;
  if (err.code === 'EACCES') return `not allowed to listen on port ${port} (${where}): choose a port above 1023 with --port N`;
  if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') return `cannot listen on host ${host}: not an address of this machine (--host)`;
  return `cannot listen on ${where}: ${err.message}`;
}

/** Start `server` listening; the address it listens on, or a ListenError. Later server errors are ignored. */
export function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolvePromise, reject) => {
    const onError = (err: NodeJS.ErrnoException) => reject(new ListenError(listenErrorMessage(err, host, port)));
    server.once('error', onError);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', onError);
      server.on('error', () => {});
      resolvePromise(server.address() as AddressInfo);
    });
  });
}

/** The address as a URL's host: an IPv6 address in brackets. */
export function urlHost(addr: AddressInfo): string {
  return addr.family === 'IPv6' || addr.address.includes(':') ? `[${addr.address}]` : addr.address;
}
